using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Jobs;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Keeps this node's index in step with the change log in the background (changes written by other
/// nodes, bulk loads, a rebuild asked for anywhere), so that searches rarely find anything to apply.
/// Opening the index at start is its first round: the index is caught up before the first search asks.
/// When the host stops, the loop ends and the index is shut down (committed, its writer and folder
/// released) before the host's stop returns: nothing writes into the folder afterwards.
/// </summary>
internal sealed class SearchFollower(LuceneIndexHost host, IOptions<SearchOptions> options, IServiceScopeFactory scopes, ILogger<SearchFollower> logger)
    : PollingWorker(scopes, logger)
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await host.ShutdownAsync();
    }

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(50, options.Value.FollowMilliseconds));

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            await host.FollowAsync(ct);
        }
        catch (ObjectDisposedException)
        {
            Finish(); // the index is shut down: nothing left to follow
        }
    }

    protected override void LogFailure(Exception exception, TimeSpan interval) =>
        logger.LogError(exception, "Following the search change log failed; trying again");
}
