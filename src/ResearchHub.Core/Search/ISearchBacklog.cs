namespace ResearchHub.Core.Search;

/// <summary>Work a module still owes the index (files whose text is not extracted yet), shown on the search admin page.</summary>
public interface ISearchBacklog
{
    /// <summary>What is waiting, in words ("files awaiting text extraction").</summary>
    string Description { get; }

    Task<int> CountAsync(CancellationToken ct);
}
