namespace ResearchHub.Meetings.Domain;

public enum PollStatus
{
    Open = 0,
    Closed = 1,
}
