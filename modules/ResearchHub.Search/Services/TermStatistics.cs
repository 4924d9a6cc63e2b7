using System.Collections.Concurrent;

namespace ResearchHub.Search.Services;

/// <summary>
/// The collection figures bm25 needs when the hub scores candidates itself (the collection's size
/// and the like, and how many documents hold a term), read from the index by the engine and kept
/// for ten minutes per database: idf moves slowly, and asking the engine for every term of every
/// query would cost more than the scoring.
/// </summary>
/// <typeparam name="TCollection">The engine's figures for the whole collection.</typeparam>
public abstract class TermStatistics<TCollection>(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int MaxTerms = 100_000;

    private readonly ConcurrentDictionary<(string Database, string Term), (long Count, DateTimeOffset At)> _terms = new();
    private readonly ConcurrentDictionary<string, (TCollection Collection, DateTimeOffset At)> _collections = new(StringComparer.Ordinal);

    protected async Task<TCollection> CollectionAsync(string database, Func<Task<TCollection>> count)
    {
        if (_collections.TryGetValue(database, out var cached) && clock.GetUtcNow() - cached.At < Lifetime)
        {
            return cached.Collection;
        }

        var collection = await count();
        _collections[database] = (collection, clock.GetUtcNow());
        return collection;
    }

    protected async Task<long> DocumentFrequencyAsync(string database, string term, Func<Task<long>> count)
    {
        var key = (database, term);
        if (_terms.TryGetValue(key, out var cached) && clock.GetUtcNow() - cached.At < Lifetime)
        {
            return cached.Count;
        }

        var counted = await count();
        if (_terms.Count >= MaxTerms)
        {
            _terms.Clear();
        }

        _terms[key] = (counted, clock.GetUtcNow());
        return counted;
    }
}
