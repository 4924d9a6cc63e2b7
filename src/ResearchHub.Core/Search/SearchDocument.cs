namespace ResearchHub.Core.Search;

/// <summary>
/// One searchable thing as a module describes it to the index: text by field (weighted title over
/// summary over body over file text), facet values, and the data the visibility rule needs. Search
/// knows these documents only, never a module's own tables.
/// </summary>
public sealed record SearchDocument
{
    /// <summary>The contributing kind ("resource", "meeting"): with <see cref="Key"/>, the document's identity.</summary>
    public required string Type { get; init; }
    public required string Key { get; init; }
    public required string Title { get; init; }
    public string Summary { get; init; } = "";
    public string Body { get; init; } = "";
    public string FileText { get; init; } = "";
    /// <summary>Other words worth finding it by (authors, organisations, vocabulary labels), weighted as the summary.</summary>
    public string Extra { get; init; } = "";
    public required string Url { get; init; }

    /// <summary>Facet "kind" ("Evaluation", "Meeting").</summary>
    public required string Kind { get; init; }
    public IReadOnlyList<string> Organisations { get; init; } = [];
    public IReadOnlyList<string> Sites { get; init; } = [];
    public IReadOnlyList<string> PracticeAreas { get; init; } = [];
    public IReadOnlyList<string> Methods { get; init; } = [];
    public IReadOnlyList<string> Measures { get; init; } = [];
    public int? Year { get; init; }
    /// <summary>The date results are sorted by when the reader asks for newest first.</summary>
    public DateTimeOffset? Date { get; init; }

    public SearchVisibility Visibility { get; init; }
    public long? OwnerOrganisationId { get; init; }
    /// <summary>The member who created it: a draft is also visible to them.</summary>
    public string? CreatorUserId { get; init; }
    /// <summary>For things only a group may read: the key a viewer must hold (null: no audience restriction).</summary>
    public string? Audience { get; init; }
}
