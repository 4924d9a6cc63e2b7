using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Jobs;

namespace ResearchHub.Core.Email;

/// <summary>Polls the outbox. State lives in the rows, so after a crash the next pass picks up what is due.</summary>
public sealed class OutboxWorker(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> options,
    ILogger<OutboxWorker> logger) : PollingWorker(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.Outbox.PollSeconds);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OutboxDeliveryService>().DeliverDueAsync(ct);
}
