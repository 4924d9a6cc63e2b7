using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;

namespace ResearchHub.Search.Services;

/// <summary>
/// Builds the index from the data when it has never been built (a new database, or a migration that
/// changed what the index stores and emptied it), after the first-run recipe; otherwise does nothing.
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
    }
}
