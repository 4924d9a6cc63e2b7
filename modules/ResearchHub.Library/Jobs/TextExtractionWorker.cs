using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Jobs;

namespace ResearchHub.Library.Jobs;

/// <summary>Polls for files whose text is due, or sooner when an upload signals. The state lives in the rows, so a restart loses nothing.</summary>
public sealed class TextExtractionWorker(
    IServiceScopeFactory scopes,
    ExtractionSignal signal,
    IOptions<LibraryOptions> options,
    ILogger<TextExtractionWorker> logger) : PollingWorker(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.ExtractionPollSeconds);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<TextExtractionService>().RunDueAsync(ct);

    protected override Task WaitAsync(TimeSpan interval, CancellationToken ct) => signal.WaitAsync(interval, ct);
}
