namespace ResearchHub.Search.Services;

/// <summary>SQLite's collection figures: the document count, and the rowid that ends the sample frequent terms are counted in.</summary>
public sealed class SqliteTermStatistics(TimeProvider clock) : TermStatistics<(long Documents, long SampleEnd)>(clock)
{
    internal Task<(long Documents, long SampleEnd)> CollectionAsync(SqliteSearchIndex index, CancellationToken ct) =>
        CollectionAsync(index.DatabaseName, () => index.CountDocumentsAsync(ct));

    internal Task<long> DocumentFrequencyAsync(SqliteSearchIndex index, string term, CancellationToken ct) =>
        DocumentFrequencyAsync(index.DatabaseName, term, async () => await index.CountContainingAsync(term, await CollectionAsync(index, ct), ct));
}
