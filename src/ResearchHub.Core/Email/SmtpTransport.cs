using System.Net.Mail;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ResearchHub.Core.Email;

/// <summary>
/// Relays through an SMTP server with our own client (<see cref="SmtpConnection"/>): one session
/// carries many messages (a connection per message costs more than the message), STARTTLS and
/// credentials when configured. The bytes sent are <see cref="MimeWriter"/>'s, the same the pickup
/// folder gets.
/// </summary>
public sealed class SmtpTransport(IOptions<MailOptions> options, ILogger<SmtpTransport>? logger = null) : IEmailTransport
{
    private readonly ILogger _logger = logger ?? NullLogger<SmtpTransport>.Instance;

    public IEmailSession OpenSession() => new Session(options.Value.Smtp, _logger);

    /// <summary>
    /// Connects on the first message and keeps the connection for the next; after a broken
    /// connection (or one the server closed while idle) the next message connects again.
    /// </summary>
    private sealed class Session(SmtpSettings settings, ILogger logger) : IEmailSession
    {
        private SmtpConnection? _connection;

        public async Task<DeliveryReceipt> SendAsync(OutgoingEmail message, CancellationToken ct)
        {
            var from = new MailAddress(message.From).Address;
            var to = new MailAddress(message.To).Address;
            var bytes = MimeWriter.Write(message);

            // A connection that served messages before may have been closed by the server since: if it
            // fails before the server took anything of this message, one fresh connection is tried.
            for (var attempt = 0; ; attempt++)
            {
                var reused = _connection is not null;
                try
                {
                    _connection ??= await SmtpConnection.OpenAsync(settings, ct);
                    await _connection.SendAsync(from, to, bytes, ct);
                    return new DeliveryReceipt(null);
                }
                catch (SmtpCommandException ex)
                {
                    var retry = ex.Reply.Code == 421 && reused && attempt == 0 && _connection is { DataStarted: false };
                    await DropIfBrokenAsync();
                    if (retry)
                    {
                        logger.LogDebug("The SMTP relay closed the idle session ({Reply}); connecting again", ex.Reply);
                        continue; // the server closed a session that sat idle; nothing of this message was taken
                    }

                    throw new EmailDeliveryException(ex.Message, ex.Permanent, ex);
                }
                catch (Exception ex) when (ex is IOException or SocketException or TimeoutException)
                {
                    var retry = reused && attempt == 0 && ex is IOException && _connection is { DataStarted: false };
                    await DropAsync();
                    if (retry)
                    {
                        logger.LogDebug(ex, "The SMTP session failed before the message was sent; connecting again");
                        continue;
                    }

                    throw new EmailDeliveryException($"SMTP relay {settings.Host}:{settings.Port}: {ex.Message}", permanent: false, ex);
                }
            }
        }

        public async ValueTask DisposeAsync() => await DropAsync();

        private async Task DropIfBrokenAsync()
        {
            if (_connection is { IsBroken: true })
            {
                await DropAsync();
            }
        }

        private async Task DropAsync()
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
    }
}
