using ResearchHub.Library.Domain;

namespace ResearchHub.Codebooks.Domain;

/// <summary>
/// A story-coding scheme: a tree of codes owned by an organisation, seen under the library's
/// visibility rules, and published as numbered versions.
/// </summary>
public sealed class Codebook
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public long? OwnerOrganisationId { get; set; }
    public string? Licence { get; set; }
    public CodebookStatus Status { get; set; }
    /// <summary>The library's visibility levels and rule, so a scheme and its library record agree.</summary>
    public ResourceVisibility Visibility { get; set; }
    /// <summary>The library's "story-coding scheme" resource this codebook belongs to.</summary>
    public long? LibraryResourceId { get; set; }
    /// <summary>The REFI-QDA origin attribute of the file it was imported from (the tool that wrote it).</summary>
    public string? Origin { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The number of the latest published version (0 before the first).</summary>
    public int VersionCount { get; set; }

    public List<Code> Codes { get; set; } = [];
    public List<CodeSet> Sets { get; set; } = [];
}
