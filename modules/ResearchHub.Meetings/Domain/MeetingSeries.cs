namespace ResearchHub.Meetings.Domain;

/// <summary>A recurring meeting (the network's twice-yearly meeting) with its organiser and cadence.</summary>
public sealed class MeetingSeries
{
    public const int DefaultCadenceMonths = 6;

    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string DescriptionMarkdown { get; set; } = "";
    /// <summary>How often the series meets: 6 means twice a year.</summary>
    public int CadenceMonths { get; set; } = DefaultCadenceMonths;
    public string? OrganiserUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
