namespace ResearchHub.Meetings.Domain;

public enum LearningOwner
{
    Team = 0,
    Leadership = 1,
    Government = 2,
}
