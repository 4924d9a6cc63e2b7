namespace ResearchHub.Meetings.Domain;

public enum MeetingStatus
{
    /// <summary>Planned, but the date may still move.</summary>
    Tentative = 0,
    Confirmed = 1,
    Cancelled = 2,
}
