namespace ResearchHub.Meetings.Domain;

/// <summary>One version of a meeting's minutes (summary of conversations); the newest is current.</summary>
public sealed class MinutesRevision
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int Number { get; set; }
    public required string BodyMarkdown { get; set; }
    public string? Note { get; set; }
    public string? AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
