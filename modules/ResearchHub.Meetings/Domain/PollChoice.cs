namespace ResearchHub.Meetings.Domain;

public enum PollChoice
{
    No = 0,
    IfNeedBe = 1,
    Yes = 2,
}
