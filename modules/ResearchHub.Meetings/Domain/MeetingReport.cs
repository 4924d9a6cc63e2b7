namespace ResearchHub.Meetings.Domain;

/// <summary>The post-meeting report: participants review and comment within a window, then it is published.</summary>
public sealed class MeetingReport
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string BodyMarkdown { get; set; }
    public ReportStatus Status { get; set; }
    public DateTimeOffset? ReviewClosesAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
