using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Jobs;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Jobs;

/// <summary>Runs <see cref="ReminderService"/> every few seconds; state lives in the database, so a crash loses nothing.</summary>
public sealed class ReminderWorker(
    IServiceScopeFactory scopes,
    IOptions<MeetingsOptions> options,
    ILogger<ReminderWorker> logger) : PollingWorker(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0.1, options.Value.ReminderPollSeconds));

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ReminderService>().SendDueAsync(ct);
}
