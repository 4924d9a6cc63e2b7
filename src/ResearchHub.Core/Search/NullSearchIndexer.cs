namespace ResearchHub.Core.Search;

/// <summary>Used when the Search module is not installed: modules may call the indexer unconditionally.</summary>
public sealed class NullSearchIndexer : ISearchIndexer
{
    public Task UpsertAsync(SearchDocument document, CancellationToken ct) => Task.CompletedTask;

    public Task RemoveAsync(string type, string key, CancellationToken ct) => Task.CompletedTask;
}
