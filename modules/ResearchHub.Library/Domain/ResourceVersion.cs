namespace ResearchHub.Library.Domain;

/// <summary>A snapshot (JSON) of a published resource as it was saved: metadata, body and file list.</summary>
public sealed class ResourceVersion
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public string? CreatedByName { get; set; }
    public required string SnapshotJson { get; set; }
}
