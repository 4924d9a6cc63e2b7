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
/// The engine behind search (Lucene.Net, <see cref="LuceneSearchIndex"/>). Writes run on the scoped
/// HubDbContext's connection and, when one is open, its transaction; searches see what is committed.
/// Visibility is part of every query that returns or counts documents.
/// </summary>
public interface ISearchIndex
{
    Task UpsertAsync(SearchDocument document, DateTimeOffset indexedAt, CancellationToken ct);

    Task RemoveAsync(string type, string key, CancellationToken ct);

    /// <summary>Removes the documents of a type not written since <paramref name="since"/> (what a rebuild did not see).</summary>
    Task<int> RemoveStaleAsync(string type, DateTimeOffset since, CancellationToken ct);

    /// <summary>
    /// The best <paramref name="limit"/> visible matches (ranked, or newest first), how many match in
    /// all, and the facet counts over every visible match (a facet with a selection counted without it).
    /// </summary>
    Task<IndexMatch> MatchAsync(IndexQuery query, int limit, CancellationToken ct);

    /// <summary>The page's documents with a highlighted snippet: matched words between \u0002 and \u0003.</summary>
    Task<IReadOnlyList<IndexedHit>> HitsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct);

    /// <summary>
    /// For each of <paramref name="words"/> the index does not hold, the nearest word it does (within
    /// two edits, the most frequent among the nearest), from the words of the titles.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> SuggestAsync(IReadOnlyList<string> words, CancellationToken ct);

    Task<IndexStats> StatsAsync(CancellationToken ct);

    /// <summary>Records a rebuild of the record from the sources; every node then rebuilds its index beside the live one.</summary>
    Task SetLastRebuildAsync(DateTimeOffset at, CancellationToken ct);

    /// <summary>Brings this node's index up to every committed change and makes it durable (after a bulk load).</summary>
    Task OptimizeAsync(CancellationToken ct);
}
