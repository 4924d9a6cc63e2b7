namespace ResearchHub.Meetings.Domain;

public enum LearningLevel
{
    Individual = 0,
    System = 1,
    Macro = 2,
}
