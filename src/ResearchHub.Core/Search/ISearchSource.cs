namespace ResearchHub.Core.Search;

/// <summary>A module that contributes documents: it can list them all, so the index can be rebuilt from the data.</summary>
public interface ISearchSource
{
    string Type { get; }

    IAsyncEnumerable<SearchDocument> ReadAllAsync(CancellationToken ct);
}
