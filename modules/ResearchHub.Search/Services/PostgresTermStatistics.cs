namespace ResearchHub.Search.Services;

/// <summary>PostgreSQL's collection figures: the document count, and the average length in words as our analysis counts them (from a sample).</summary>
public sealed class PostgresTermStatistics(TimeProvider clock) : TermStatistics<(long Documents, double? AverageLength)>(clock)
{
    internal Task<(long Documents, double? AverageLength)> CollectionAsync(PostgresSearchIndex index, CancellationToken ct) =>
        CollectionAsync(index.DatabaseName, () => index.MeasureCollectionAsync(ct));

    internal Task<long> DocumentFrequencyAsync(PostgresSearchIndex index, string word, CancellationToken ct) =>
        DocumentFrequencyAsync(index.DatabaseName, word, async () => await index.CountContainingAsync(word, await CollectionAsync(index, ct), ct));
}
