using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResearchHub.Core.Email;

/// <summary>Polls the inbound mailbox every <see cref="InboundSettings.PollSeconds"/> when <see cref="InboundSettings.Enabled"/>.</summary>
public sealed class InboundMailWorker(InboundMailService inbound, IOptions<MailOptions> options, TimeProvider clock, ILogger<InboundMailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Inbound;
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await inbound.PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or ImapProtocolException or ImapCommandException
                or AuthenticationException or SslHandshakeException or FolderNotFoundException)
            {
                logger.LogWarning(ex, "Reading the inbound mailbox {Host}:{Port} failed; trying again in {Seconds} s", settings.Host, settings.Port, settings.PollSeconds);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.PollSeconds)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
