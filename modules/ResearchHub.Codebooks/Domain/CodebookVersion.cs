namespace ResearchHub.Codebooks.Domain;

/// <summary>A published version: the whole tree and sets as they were, as JSON (see CodebookSnapshot).</summary>
public sealed class CodebookVersion
{
    public long Id { get; set; }
    public long CodebookId { get; set; }
    public Codebook? Codebook { get; set; }
    public int Number { get; set; }
    public required string SnapshotJson { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
