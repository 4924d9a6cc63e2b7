using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Core.Jobs;

/// <summary>
/// The loop every polling job runs: a pass in its own service scope, then a wait of
/// <see cref="Interval"/>, until the host stops. A pass that throws is logged and the next one
/// comes as usual, so one bad pass neither ends the job nor (as an exception leaving
/// <see cref="BackgroundService.ExecuteAsync"/> would) stops the host. Stopping, whether the host
/// or this worker alone, ends the loop quietly: the task completes, nothing is logged.
/// </summary>
public abstract class PollingWorker(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    private volatile bool _finished;

    /// <summary>The scopes each pass runs in, for a job that opens more of its own.</summary>
    protected IServiceScopeFactory Scopes { get; } = scopes;

    /// <summary>The wait between the end of one pass and the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; <paramref name="services"/> is the pass's own scope, disposed after it.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Waits before the next pass; a worker woken early by a signal, or waiting on a test clock, overrides it.</summary>
    protected virtual Task WaitAsync(TimeSpan interval, CancellationToken ct) => Task.Delay(interval, ct);

    /// <summary>Logs a pass that threw (an error, by default); the next pass comes after <paramref name="interval"/>.</summary>
    protected virtual void LogFailure(Exception exception, TimeSpan interval) =>
        logger.LogError(exception, "{Job} pass failed; trying again in {Interval}", GetType().Name, interval);

    /// <summary>Ends the loop after the current pass, for a job with nothing left to do (its resource is gone).</summary>
    protected void Finish() => _finished = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !_finished)
        {
            var interval = Interval;
            try
            {
                await using var scope = Scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailure(ex, interval);
            }

            if (_finished)
            {
                return;
            }

            try
            {
                await WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
