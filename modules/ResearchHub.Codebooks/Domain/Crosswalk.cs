namespace ResearchHub.Codebooks.Domain;

/// <summary>A mapping between two schemes' codes. Mappings hold GUIDs, so they survive re-imports and versions.</summary>
public sealed class Crosswalk
{
    public long Id { get; set; }
    public long FromCodebookId { get; set; }
    public Codebook? From { get; set; }
    public long ToCodebookId { get; set; }
    public Codebook? To { get; set; }
    public string Note { get; set; } = "";
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CrosswalkMapping> Mappings { get; set; } = [];
}
