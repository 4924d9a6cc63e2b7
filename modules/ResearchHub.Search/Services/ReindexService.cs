using Microsoft.Extensions.Logging;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;

namespace ResearchHub.Search.Services;

/// <summary>
/// Rebuilds the record of the index (SearchDocuments) from the modules' data, in place and in
/// batches: each batch of documents is written in its own short transaction (or the caller's, in a
/// recipe); documents the sources no longer list are removed at the end. Every node's index follows
/// the writes through the change log, then, asked by the new generation recorded at the end, builds
/// a fresh index beside its live one and swaps it in: searches keep answering throughout.
/// </summary>
public sealed class ReindexService(
    HubDbContext db,
    ISearchIndex index,
    IEnumerable<ISearchSource> sources,
    TimeProvider clock,
    ILogger<ReindexService> logger)
{
    public const int BatchSize = 500;

    /// <summary>Rebuilds every source; <paramref name="progress"/> hears (type, documents so far).</summary>
    public async Task<int> RebuildAsync(IProgress<(string Type, int Done)>? progress, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var total = 0;
        foreach (var source in sources)
        {
            var done = 0;
            var batch = new List<SearchDocument>(BatchSize);
            await foreach (var document in source.ReadAllAsync(ct))
            {
                batch.Add(document);
                if (batch.Count == BatchSize)
                {
                    done += await WriteAsync(batch, ct);
                    progress?.Report((source.Type, done));
                }
            }

            done += await WriteAsync(batch, ct);
            var removed = await index.RemoveStaleAsync(source.Type, started, ct);
            progress?.Report((source.Type, done));
            logger.LogInformation("Search index: {Count} {Type} documents written, {Removed} no longer listed removed", done, source.Type, removed);
            total += done;
        }

        await index.SetLastRebuildAsync(clock.GetUtcNow(), ct);
        return total;
    }

    private async Task<int> WriteAsync(List<SearchDocument> batch, CancellationToken ct)
    {
        var count = batch.Count;
        if (count == 0)
        {
            return 0;
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        var now = clock.GetUtcNow();
        foreach (var document in batch)
        {
            await index.UpsertAsync(document, now, ct);
        }

        await transaction.CommitAsync(ct);
        batch.Clear();
        return count;
    }
}
