namespace ResearchHub.Meetings.Domain;

/// <summary>"This member does not want this notice": one row per member and notice turned off (none: everything on).</summary>
public sealed class NotificationOptOut
{
    public required string UserId { get; set; }
    public MeetingNotification Kind { get; set; }
    public DateTimeOffset At { get; set; }
}
