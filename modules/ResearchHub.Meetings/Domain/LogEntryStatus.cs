namespace ResearchHub.Meetings.Domain;

public enum LogEntryStatus
{
    Open = 0,
    Closed = 1,
}
