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
        var index = services.GetRequiredService<ISearchIndex>();
        if ((await index.StatsAsync(ct)).LastRebuild is null)
        {
            await services.GetRequiredService<ReindexService>().RebuildAsync(null, ct);
        }

        await services.GetRequiredService<LuceneIndexHost>().CatchUpAsync(TimeSpan.FromSeconds(10), ct);
    }
}
