namespace ResearchHub.Core.Search;

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
