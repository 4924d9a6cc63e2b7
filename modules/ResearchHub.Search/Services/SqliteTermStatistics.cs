using System.Collections.Concurrent;
using ResearchHub.Core.Data;

namespace ResearchHub.Search.Services;

/// <summary>
/// The collection figures bm25 needs when the hub scores candidates itself (document count, and how
/// many documents hold a term), read from the index and kept for ten minutes per database: idf
/// moves slowly, and asking FTS5 for every term of every query would cost more than the scoring.
/// </summary>
public sealed class SqliteTermStatistics(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int MaxTerms = 100_000;

    private readonly ConcurrentDictionary<(string Database, string Term), (long Count, DateTimeOffset At)> _terms = new();
    private readonly ConcurrentDictionary<string, ((long Documents, long SampleEnd) Collection, DateTimeOffset At)> _collections = new(StringComparer.Ordinal);

    internal async Task<(long Documents, long SampleEnd)> CollectionAsync(SqliteSearchIndex index, CancellationToken ct)
    {
        var database = index.DatabaseName;
        if (_collections.TryGetValue(database, out var cached) && clock.GetUtcNow() - cached.At < Lifetime)
        {
            return cached.Collection;
        }

        var collection = await index.CountDocumentsAsync(ct);
        _collections[database] = (collection, clock.GetUtcNow());
        return collection;
    }

    internal async Task<long> DocumentFrequencyAsync(SqliteSearchIndex index, string term, CancellationToken ct)
    {
        var key = (index.DatabaseName, term);
        if (_terms.TryGetValue(key, out var cached) && clock.GetUtcNow() - cached.At < Lifetime)
        {
            return cached.Count;
        }

        var count = await index.CountContainingAsync(term, await CollectionAsync(index, ct), ct);
        if (_terms.Count >= MaxTerms)
        {
            _terms.Clear();
        }

        _terms[key] = (count, clock.GetUtcNow());
        return count;
    }
}
