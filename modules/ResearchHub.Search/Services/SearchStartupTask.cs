using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Search.Services;

/// <summary>
/// Writes the record from the data when it has never been written (a new database), after the
/// first-run recipe; then opens this node's index and brings it up to the change log (a node that
/// was down catches up here, without a rebuild), so the first search finds nothing left to do.
/// </summary>
internal sealed class SearchStartupTask : IStartupTask
{
    public int Order => 1000;

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var record = services.GetRequiredService<SearchRecord>();
        string? lastRebuild;
        await using (var connection = await record.OpenAsync(ct))
        {
            // Not the index's statistics: they read every row, and a restart must answer within seconds.
            lastRebuild = await record.StateAsync(connection, "LastRebuild", ct);
        }

        if (lastRebuild is null)
        {
            await services.GetRequiredService<ReindexService>().RebuildAsync(null, ct);
        }

        await services.GetRequiredService<LuceneIndexHost>().CatchUpAsync(TimeSpan.FromSeconds(10), ct);
    }
}
