using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Keeps this node's index in step with the change log in the background (changes written by other
/// nodes, bulk loads, a rebuild asked for anywhere), so that searches rarely find anything to apply.
/// Opening the index at start is its first round: the index is caught up before the first search asks.
/// When the host stops, the loop ends and the index is shut down (committed, its writer and folder
/// released) before the host's stop returns: nothing writes into the folder afterwards.
/// </summary>
internal sealed class SearchFollower(LuceneIndexHost host, IOptions<SearchOptions> options, ILogger<SearchFollower> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await host.ShutdownAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.FollowMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await host.FollowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Following the search change log failed; trying again");
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
