using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Jobs;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Jobs;

/// <summary>
/// Looks for due digests every few minutes. What is due is derived from the data (periods, send
/// hour, digest records), not held here, so a restart or a second node changes nothing.
/// </summary>
public sealed class DigestWorker(
    IServiceScopeFactory scopes,
    IOptions<MailingGroupsOptions> options,
    ILogger<DigestWorker> logger) : PollingWorker(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0.1, options.Value.PollSeconds));

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<DigestService>().SendDueAsync(null, ct);
}
