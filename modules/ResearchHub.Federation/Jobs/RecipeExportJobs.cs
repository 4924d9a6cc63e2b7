using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResearchHub.Core.Recipes;
using ResearchHub.Federation.Services;

namespace ResearchHub.Federation.Jobs;

/// <summary>One export as /admin/export shows it: running (with its progress), finished (with its result) or failed.</summary>
public sealed record RecipeExportJob(string Name, DateTimeOffset StartedAt, RecipeExportProgress? Progress, RecipeDownloadResult? Result, string? Error)
{
    public bool Running => Result is null && Error is null;
}

/// <summary>
/// Runs the admin page's exports in the background, one at a time on this node, so a large library
/// never holds a request open and the page can show how far it has got. The state is this node's
/// memory (a restart forgets a running export, whose half-written work folder is removed on the next
/// export of the same name, never listed); the finished zip is a file in App_Data/exports that any
/// node lists.
/// </summary>
public sealed class RecipeExportJobs(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<RecipeExportJobs> logger)
{
    private readonly Lock _gate = new();
    private RecipeExportJob? _latest;
    private Task _running = Task.CompletedTask;

    /// <summary>The running export, or the last one this node finished.</summary>
    public RecipeExportJob? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Starts an export unless one is running; returns the job either way, and whether it is new.</summary>
    public (RecipeExportJob Job, bool Started) Start(string name)
    {
        lock (_gate)
        {
            if (_latest is { Running: true } running)
            {
                return (running, false);
            }

            _latest = new RecipeExportJob(name, clock.GetUtcNow(), null, null, null);
            _running = Task.Run(() => RunAsync(name, lifetime.ApplicationStopping));
            return (_latest, true);
        }
    }

    /// <summary>Waits for the current export to end (tests, shutdown).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _running;
        }
    }

    private async Task RunAsync(string name, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var downloads = scope.ServiceProvider.GetRequiredService<RecipeDownloads>();
            var result = await downloads.CreateAsync(name, new Reporter(progress => Update(j => j with { Progress = progress })), ct);
            Update(j => j with { Result = result });
            logger.LogInformation("Content exported to {Export}: {Steps} steps, {Files} files", name, result.Steps, result.Files);
        }
        catch (Exception ex)
        {
            // Whatever went wrong is shown on the page; the half-made export is not listed (it never became a zip).
            logger.LogError(ex, "Content export {Export} failed", name);
            Update(j => j with { Error = ex is OperationCanceledException ? "The site stopped before the export was finished." : $"The export failed: {ex.Message}" });
        }
    }

    private void Update(Func<RecipeExportJob, RecipeExportJob> change)
    {
        lock (_gate)
        {
            _latest = change(_latest!);
        }
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and could reorder reports).</summary>
    private sealed class Reporter(Action<RecipeExportProgress> report) : IProgress<RecipeExportProgress>
    {
        public void Report(RecipeExportProgress value) => report(value);
    }
}
