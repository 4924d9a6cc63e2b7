namespace ResearchHub.Codebooks.Domain;

/// <summary>One code of the tree. Its GUID is its identity across versions, files and crosswalks.</summary>
public sealed class Code
{
    public long Id { get; set; }
    public long CodebookId { get; set; }
    public Guid Guid { get; set; }
    public long? ParentId { get; set; }
    public Code? Parent { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    /// <summary>REFI-QDA's Description.</summary>
    public string Definition { get; set; } = "";
    public string WhenToUse { get; set; } = "";
    public string WhenNotToUse { get; set; } = "";
    /// <summary>A short anonymised quote.</summary>
    public string Example { get; set; } = "";
    /// <summary>"#RRGGBB" (a "#RGB" from a file is widened on import, so pages and charts use one form).</summary>
    public string? Color { get; set; }
    public bool IsCodable { get; set; } = true;
}
