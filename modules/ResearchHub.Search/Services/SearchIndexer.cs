using ResearchHub.Core.Search;

namespace ResearchHub.Search.Services;

/// <summary>The modules' door to the index: writes through the engine on the caller's connection and transaction.</summary>
public sealed class SearchIndexer(ISearchIndex index, TimeProvider clock) : ISearchIndexer
{
    public Task UpsertAsync(SearchDocument document, CancellationToken ct) => index.UpsertAsync(document, clock.GetUtcNow(), ct);

    public Task RemoveAsync(string type, string key, CancellationToken ct) => index.RemoveAsync(type, key, ct);
}
