namespace ResearchHub.Core.Search;

/// <summary>
/// Who may find a search document. The same ladder as the library's visibility: each step is seen
/// by more people, so the search index can apply one rule to every module's documents.
/// </summary>
public enum SearchVisibility
{
    /// <summary>Its creator, editors of the owning organisation, and administrators.</summary>
    Draft = 0,
    /// <summary>Members of the owning organisation.</summary>
    Organisation = 1,
    /// <summary>Every signed-in member.</summary>
    Network = 2,
    /// <summary>Everyone.</summary>
    Public = 3,
}

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

/// <summary>
/// Writes documents into the search index. Modules call it inside their own unit of work (the same
/// scoped HubDbContext, and its transaction when one is open), so the index row commits or rolls
/// back with the data it describes.
/// </summary>
public interface ISearchIndexer
{
    Task UpsertAsync(SearchDocument document, CancellationToken ct);

    Task RemoveAsync(string type, string key, CancellationToken ct);
}

/// <summary>A module that contributes documents: it can list them all, so the index can be rebuilt from the data.</summary>
public interface ISearchSource
{
    string Type { get; }

    IAsyncEnumerable<SearchDocument> ReadAllAsync(CancellationToken ct);
}

/// <summary>Used when the Search module is not installed: modules may call the indexer unconditionally.</summary>
public sealed class NullSearchIndexer : ISearchIndexer
{
    public Task UpsertAsync(SearchDocument document, CancellationToken ct) => Task.CompletedTask;

    public Task RemoveAsync(string type, string key, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Work a module still owes the index (files whose text is not extracted yet), shown on the search admin page.</summary>
public interface ISearchBacklog
{
    /// <summary>What is waiting, in words ("files awaiting text extraction").</summary>
    string Description { get; }

    Task<int> CountAsync(CancellationToken ct);
}

/// <summary>
/// The audiences a member belongs to (for example "mailing-group:7" for each group they are an
/// active member of): documents indexed with one of them are shown to that member, and to
/// administrators, and to nobody else. Each module that indexes documents with an audience registers one.
/// </summary>
public interface ISearchAudienceSource
{
    Task<IReadOnlyCollection<string>> AudiencesAsync(string userId, CancellationToken ct);
}
