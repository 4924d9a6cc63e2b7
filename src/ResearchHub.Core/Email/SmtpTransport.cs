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

        public async Task<IPreparedEmail> PrepareAsync(OutgoingEmail message, CancellationToken ct)
        {
            var from = new MailAddress(message.From).Address;
            var to = new MailAddress(message.To).Address;
            var bytes = MimeWriter.Write(message);

            // Nothing is delivered before the commit, so a connection that fails here (one the
            // relay closed while it sat idle, say) can be replaced and the message tried once more.
            for (var attempt = 0; ; attempt++)
            {
                var reused = _connection is not null;
                try
                {
                    _connection ??= await SmtpConnection.OpenAsync(settings, ct);
                    await _connection.PrepareAsync(from, to, bytes, ct);
                    return new Prepared(this, _connection);
                }
                catch (SmtpCommandException ex)
                {
                    var retry = ex.Reply.Code == 421 && reused && attempt == 0;
                    await DropIfBrokenAsync();
                    if (retry)
                    {
                        logger.LogDebug("The SMTP relay closed the session ({Reply}); connecting again", ex.Reply);
                        continue;
                    }

                    throw new EmailDeliveryException(ex.Message, ex.Permanent, ex);
                }
                catch (Exception ex) when (ex is IOException or SocketException or TimeoutException)
                {
                    await DropAsync();
                    if (reused && attempt == 0 && ex is IOException)
                    {
                        logger.LogDebug(ex, "The SMTP session failed before the message was sent; connecting again");
                        continue;
                    }

                    throw new EmailDeliveryException($"SMTP relay {settings.Host}:{settings.Port}: {ex.Message}", permanent: false, ex);
                }
            }
        }

        private async Task<DeliveryReceipt> CommitAsync(SmtpConnection connection, CancellationToken ct)
        {
            try
            {
                await connection.CommitAsync(ct);
                return new DeliveryReceipt(null);
            }
            catch (SmtpCommandException ex)
            {
                await DropIfBrokenAsync();
                throw new EmailDeliveryException(ex.Message, ex.Permanent, ex);
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException)
            {
                // The relay may or may not have taken it: the outbox tries again later (the one possible duplicate).
                await DropAsync();
                throw new EmailDeliveryException($"SMTP relay {settings.Host}:{settings.Port}: {ex.Message}", permanent: false, ex);
            }
        }

        private sealed class Prepared(Session session, SmtpConnection connection) : IPreparedEmail
        {
            public Task<DeliveryReceipt> CommitAsync(CancellationToken ct) => session.CommitAsync(connection, ct);
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
