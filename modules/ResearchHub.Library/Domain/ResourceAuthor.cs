namespace ResearchHub.Library.Domain;

public sealed class ResourceAuthor
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    /// <summary>Stored as 0000-0000-0000-0000 (no URL prefix), checksum verified.</summary>
    public string? Orcid { get; set; }
}
