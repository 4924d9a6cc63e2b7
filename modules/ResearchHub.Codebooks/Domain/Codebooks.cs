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

public enum CodebookStatus
{
    Draft = 0,
    Published = 1,
}

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

public sealed class CodeSetMember
{
    public long CodeSetId { get; set; }
    public long CodeId { get; set; }
    public Code? Code { get; set; }
}

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

public sealed class CrosswalkMapping
{
    public long Id { get; set; }
    public long CrosswalkId { get; set; }
    public Guid FromCodeGuid { get; set; }
    public Guid ToCodeGuid { get; set; }
    public MappingRelation Relation { get; set; }
    public string Note { get; set; } = "";
}

/// <summary>How the "from" code relates to the "to" code (SKOS's exact, broad, narrow and related match).</summary>
public enum MappingRelation
{
    SameAs = 0,
    BroaderThan = 1,
    NarrowerThan = 2,
    RelatedTo = 3,
}

/// <summary>An anonymised excerpt of a story with the codes a partner applied to it.</summary>
public sealed class CodedExcerpt
{
    public long Id { get; set; }
    public long CodebookId { get; set; }
    public Codebook? Codebook { get; set; }
    /// <summary>The partner whose story it is: organisation-only excerpts are seen by its members only.</summary>
    public long OrganisationId { get; set; }
    /// <summary>The partner's own excerpt id (unique within the codebook and organisation), so a CSV can be imported again.</summary>
    public required string ExternalId { get; set; }
    public required string Text { get; set; }
    public ExcerptVisibility Visibility { get; set; }
    /// <summary>When the story was coded (the counts' time axis).</summary>
    public DateOnly CodedOn { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ExcerptCode> Codes { get; set; } = [];
}

public enum ExcerptVisibility
{
    Organisation = 1,
    Network = 2,
}

public sealed class ExcerptCode
{
    public long ExcerptId { get; set; }
    public Guid CodeGuid { get; set; }
}

public static class MappingRelations
{
    public static readonly IReadOnlyList<MappingRelation> All = [MappingRelation.SameAs, MappingRelation.BroaderThan, MappingRelation.NarrowerThan, MappingRelation.RelatedTo];

    public static string DisplayName(MappingRelation relation) => relation switch
    {
        MappingRelation.SameAs => "same as",
        MappingRelation.BroaderThan => "broader than",
        MappingRelation.NarrowerThan => "narrower than",
        MappingRelation.RelatedTo => "related to",
        _ => relation.ToString(),
    };

    /// <summary>"same-as", "broader", "narrower", "related": the CSV's, API's and recipes' spelling.</summary>
    public static string Code(MappingRelation relation) => relation switch
    {
        MappingRelation.SameAs => "same-as",
        MappingRelation.BroaderThan => "broader",
        MappingRelation.NarrowerThan => "narrower",
        _ => "related",
    };

    public static bool TryParse(string? value, out MappingRelation relation)
    {
        foreach (var r in All)
        {
            if (string.Equals(value, Code(r), StringComparison.OrdinalIgnoreCase) || string.Equals(value, r.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                relation = r;
                return true;
            }
        }

        relation = default;
        return false;
    }
}
