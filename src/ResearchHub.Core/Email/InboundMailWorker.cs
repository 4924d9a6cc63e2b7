using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Jobs;

namespace ResearchHub.Core.Email;

/// <summary>Polls the inbound mailbox every <see cref="InboundSettings.PollSeconds"/> when <see cref="InboundSettings.Enabled"/>.</summary>
public sealed class InboundMailWorker(
    InboundMailService inbound,
    IOptions<MailOptions> options,
    TimeProvider clock,
    IServiceScopeFactory scopes,
    ILogger<InboundMailWorker> logger) : PollingWorker(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.Inbound.PollSeconds));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Inbound.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) => inbound.PollAsync(ct);

    protected override Task WaitAsync(TimeSpan interval, CancellationToken ct) => Task.Delay(interval, clock, ct);

    /// <summary>A mailbox that cannot be reached or read is a warning (it is retried); anything else is an error.</summary>
    protected override void LogFailure(Exception exception, TimeSpan interval)
    {
        if (exception is IOException or SocketException or TimeoutException or ImapProtocolException or ImapCommandException
            or AuthenticationException or SslHandshakeException or FolderNotFoundException)
        {
            var settings = options.Value.Inbound;
            logger.LogWarning(exception, "Reading the inbound mailbox {Host}:{Port} failed; trying again in {Seconds} s", settings.Host, settings.Port, settings.PollSeconds);
            return;
        }

        base.LogFailure(exception, interval);
    }
}
