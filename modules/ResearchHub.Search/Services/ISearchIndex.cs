using ResearchHub.Core.Search;
using ResearchHub.Search.Query;

namespace ResearchHub.Search.Services;

/// <summary>One search request as the engine sees it: a parsed query, who asks, and the facet selections.</summary>
public sealed record IndexQuery(ParsedQuery Query, SearchViewer Viewer, bool ByDate)
{
    /// <summary>
    /// Whether bare words are joined by OR (ranked with all words preferred) rather than AND. Phrases,
    /// groups and OR expressions are always required.
    /// </summary>
    public bool WordsOptional { get; init; } = true;
}

public sealed record Candidate(long Id, double Score);

public sealed record FacetCount(string Facet, string Value, int Count);

/// <summary>The engine's answer: the best matches, how many match in all, and facet counts over all of them.</summary>
public sealed record IndexMatch(IReadOnlyList<Candidate> Top, int Total, IReadOnlyList<FacetCount> Facets);

public sealed record IndexedHit(long Id, string Type, string Key, string Title, string Url, string Kind, int? Year, DateTimeOffset? Date, string Snippet);

public sealed record IndexStats(int Documents, IReadOnlyDictionary<string, int> ByType, long TextBytes, DateTimeOffset? LastRebuild);

/// <summary>
/// The engine behind search: SQLite FTS5 or PostgreSQL full-text search. Every method runs on the
/// scoped HubDbContext's connection and, when one is open, its transaction. Visibility is part of
/// every query that returns or counts documents.
/// </summary>
public interface ISearchIndex
{
    Task UpsertAsync(SearchDocument document, DateTimeOffset indexedAt, CancellationToken ct);

    Task RemoveAsync(string type, string key, CancellationToken ct);

    /// <summary>Removes the documents of a type not written since <paramref name="since"/> (what a rebuild did not see).</summary>
    Task<int> RemoveStaleAsync(string type, DateTimeOffset since, CancellationToken ct);

    /// <summary>
    /// The best <paramref name="limit"/> visible matches (by engine score, or newest first), how many
    /// match in all, and the facet counts over every visible match.
    /// </summary>
    Task<IndexMatch> MatchAsync(IndexQuery query, int limit, CancellationToken ct);

    /// <summary>The engine's score of each given document for an OR of <paramref name="words"/> (a word given twice counts twice).</summary>
    Task<IReadOnlyDictionary<long, double>> ScoreAsync(IReadOnlyList<string> words, IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>The given documents that contain <paramref name="word"/>.</summary>
    Task<IReadOnlySet<long>> ContainingAsync(string word, IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>The text of the given documents (title, summary, body), for pseudo-relevance feedback.</summary>
    Task<IReadOnlyDictionary<long, string>> TextAsync(IReadOnlyCollection<long> ids, int maxChars, CancellationToken ct);

    /// <summary>The page's documents with a highlighted snippet: matched words between \u0002 and \u0003.</summary>
    Task<IReadOnlyList<IndexedHit>> HitsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct);

    Task<IndexStats> StatsAsync(CancellationToken ct);

    Task SetLastRebuildAsync(DateTimeOffset at, CancellationToken ct);

    /// <summary>Compacts the engine's structures after a rebuild.</summary>
    Task OptimizeAsync(CancellationToken ct);
}
