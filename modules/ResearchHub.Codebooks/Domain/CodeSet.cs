namespace ResearchHub.Codebooks.Domain;

/// <summary>A group of codes from anywhere in the tree (REFI-QDA's Set).</summary>
public sealed class CodeSet
{
    public long Id { get; set; }
    public long CodebookId { get; set; }
    public Guid Guid { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<CodeSetMember> Members { get; set; } = [];
}
