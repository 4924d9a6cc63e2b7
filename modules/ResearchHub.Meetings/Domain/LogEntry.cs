namespace ResearchHub.Meetings.Domain;

/// <summary>
/// An action or learning-log entry raised at a meeting. Open entries are carried to the series'
/// next meeting until they are closed.
/// </summary>
public sealed class LogEntry
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long? SeriesId { get; set; }
    public LogEntryKind Kind { get; set; }
    public required string Issue { get; set; }
    public LearningLevel? Level { get; set; }
    public LearningOwner? Owner { get; set; }
    public LogEntryStatus Status { get; set; }
    /// <summary>What we do now.</summary>
    public string? Countermeasure { get; set; }
    /// <summary>The new normal the system should adopt.</summary>
    public string? SystemChange { get; set; }
    public DateOnly? DueOn { get; set; }
    public int Order { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}
