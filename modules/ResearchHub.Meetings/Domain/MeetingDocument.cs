namespace ResearchHub.Meetings.Domain;

/// <summary>A slide deck or paper of a meeting: bytes in the file store, named by SHA-256.</summary>
public sealed class MeetingDocument
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long? AgendaItemId { get; set; }
    public required string Title { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required string Sha256 { get; set; }
    public long Length { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
