using System.Globalization;
using System.Runtime.CompilerServices;

namespace ResearchHub.Core.Search;

/// <summary>
/// A search source whose documents are keyed by a numeric id: writes or removes one document by id
/// (in the caller's transaction), and lists them all in id order, a batch at a time, for a rebuild.
/// A module says which ids exist and how a batch of ids becomes documents; an id with no document
/// (deleted, unpublished, held) is removed from the index.
/// </summary>
public abstract class IdSearchSource(ISearchIndexer indexer) : ISearchSource
{
    public abstract string Type { get; }

    protected virtual int BatchSize => 200;

    /// <summary>Up to <paramref name="count"/> ids greater than <paramref name="after"/>, ascending.</summary>
    protected abstract Task<List<long>> IdsAfterAsync(long after, int count, CancellationToken ct);

    /// <summary>The documents of those ids that belong in the index.</summary>
    protected abstract Task<List<SearchDocument>> BuildAsync(List<long> ids, CancellationToken ct);

    /// <summary>Writes the document of <paramref name="id"/>, or removes it when there is none.</summary>
    public async Task IndexAsync(long id, CancellationToken ct)
    {
        var documents = await BuildAsync([id], ct);
        if (documents.Count == 0)
        {
            await indexer.RemoveAsync(Type, id.ToString(CultureInfo.InvariantCulture), ct);
        }
        else
        {
            await indexer.UpsertAsync(documents[0], ct);
        }
    }

    public async IAsyncEnumerable<SearchDocument> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var ids = await IdsAfterAsync(after, BatchSize, ct);
            if (ids.Count == 0)
            {
                yield break;
            }

            foreach (var document in await BuildAsync(ids, ct))
            {
                yield return document;
            }

            after = ids[^1];
        }
    }
}
