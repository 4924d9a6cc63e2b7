namespace ResearchHub.Meetings.Domain;

public sealed class ReportComment
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    public required string UserId { get; set; }
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
