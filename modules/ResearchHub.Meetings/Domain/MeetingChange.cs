namespace ResearchHub.Meetings.Domain;

/// <summary>
/// One line of a meeting's history: what an organiser changed (an agenda item, a host or speaker,
/// a log entry, the details), who and when. Written in the same unit of work as the change.
/// </summary>
public sealed class MeetingChange
{
    public const int MaxSummary = 1000;

    public long Id { get; set; }
    public long MeetingId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public required string Summary { get; set; }
}
