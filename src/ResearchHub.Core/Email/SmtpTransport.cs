using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ResearchHub.Core.Email;

/// <summary>
/// Relays through an SMTP server with MailKit's <see cref="SmtpClient"/>: one session carries many
/// messages (a connection per message costs more than the message), with STARTTLS or implicit TLS,
/// AUTH (XOAUTH2 when a token is configured), and PIPELINING, 8BITMIME and SMTPUTF8 used by MailKit
/// where the relay offers them. Messages are composed by <see cref="MessageComposer"/>, 7-bit and
/// (when configured) DKIM-signed, so MailKit sends the bytes the pickup folder would write.
/// </summary>
/// <remarks>
/// The outbox's two steps map onto MailKit like this: <see cref="IEmailSession.PrepareAsync"/>
/// composes and signs the message and makes sure the connection is open and authenticated
/// (nothing is delivered); <see cref="IPreparedEmail.CommitAsync"/> is MailKit's
/// <c>SendAsync</c>, the whole MAIL FROM … DATA … "." transaction, the only step that delivers.
/// A failure before the relay accepted MAIL FROM (observed through
/// <see cref="SmtpClient.OnSenderAccepted"/>) delivered nothing, so on a reused connection the
/// relay had closed it is retried once on a fresh one; any later failure leaves the outcome unknown
/// and is reported as transient, for the outbox to try again (the one possible duplicate).
/// </remarks>
public sealed class SmtpTransport(IOptions<MailOptions> options, MessageComposer composer, ILogger<SmtpTransport>? logger = null) : IEmailTransport
{
    private readonly ILogger _logger = logger ?? NullLogger<SmtpTransport>.Instance;

    /// <summary>For callers without dependency injection (tests, the benchmark): composes with the same options.</summary>
    public SmtpTransport(IOptions<MailOptions> options) : this(options, new MessageComposer(options))
    {
    }

    public IEmailSession OpenSession() => new Session(options.Value.Smtp, composer, _logger);

    /// <summary>
    /// Connects on the first message and keeps the connection for the next; after a broken
    /// connection (or one the server closed while idle) the next message connects again.
    /// </summary>
    private sealed class Session(SmtpSettings settings, MessageComposer composer, ILogger logger) : IEmailSession
    {
        private ObservingSmtpClient? _client;

        public async Task<IPreparedEmail> PrepareAsync(OutgoingEmail email, CancellationToken ct)
        {
            var message = composer.Compose(email);
            var sender = MailboxAddress.Parse(email.From);
            var recipient = MailboxAddress.Parse(email.To);
            await ConnectAsync(ct);
            return new Prepared(this, message, sender, recipient);
        }

        private async Task<DeliveryReceipt> CommitAsync(MimeMessage message, MailboxAddress sender, MailboxAddress recipient, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                var client = await ConnectAsync(ct);
                var reused = client.Sent > 0;
                client.SenderAccepted = false;
                try
                {
                    await client.SendAsync(MessageComposer.Format, message, sender, [recipient], ct);
                    client.Sent++;
                    return new DeliveryReceipt(null);
                }
                catch (SmtpCommandException ex)
                {
                    var code = (int)ex.StatusCode;
                    if (code == 421 || !client.IsConnected)
                    {
                        await DropAsync();
                        if (reused && attempt == 0 && !client.SenderAccepted)
                        {
                            logger.LogDebug("The SMTP relay closed the session ({Code} {Reply}); connecting again", code, ex.Message);
                            continue;
                        }
                    }

                    // 5xx (a refused sender, recipient or message) fails for good; 4xx is tried again later.
                    var permanent = code is >= 500 and < 600;
                    throw new EmailDeliveryException($"SMTP relay {settings.Host}:{settings.Port} answered {code}: {ex.Message}", permanent, ex);
                }
                catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
                    || (ex is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    await DropAsync();
                    if (reused && attempt == 0 && !client.SenderAccepted)
                    {
                        // Nothing was delivered before MAIL FROM was accepted: a connection the relay
                        // closed while it sat idle is replaced and the message tried once more.
                        logger.LogDebug(ex, "The SMTP session failed before the message was sent; connecting again");
                        continue;
                    }

                    // The relay may or may not have taken it: the outbox tries again later (the one possible duplicate).
                    throw new EmailDeliveryException($"SMTP relay {settings.Host}:{settings.Port}: {ex.Message}", permanent: false, ex);
                }
            }
        }

        private async Task<ObservingSmtpClient> ConnectAsync(CancellationToken ct)
        {
            if (_client is { IsConnected: true } open)
            {
                return open;
            }

            await DropAsync();
            var client = new ObservingSmtpClient { Timeout = (int)TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)).TotalMilliseconds };
            try
            {
                var security = settings.ImplicitTls ? SecureSocketOptions.SslOnConnect
                    : settings.StartTls ? SecureSocketOptions.StartTls
                    : SecureSocketOptions.None;
                await client.ConnectAsync(await SmtpSockets.ConnectAsync(settings.Host, settings.Port, ct), settings.Host, settings.Port, security, ct);
                if (!string.IsNullOrEmpty(settings.UserName))
                {
                    if (!string.IsNullOrEmpty(settings.OAuthToken))
                    {
                        await client.AuthenticateAsync(new SaslMechanismOAuth2(settings.UserName, settings.OAuthToken), ct);
                    }
                    else
                    {
                        await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException
                or AuthenticationException or SslHandshakeException or NotSupportedException
                || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                client.Dispose();
                // Relay down, TLS or credentials refused: nothing was sent, the outbox retries with backoff.
                throw new EmailDeliveryException($"SMTP relay {settings.Host}:{settings.Port}: {ex.Message}", permanent: false, ex);
            }

            _client = client;
            return client;
        }

        private sealed class Prepared(Session session, MimeMessage message, MailboxAddress sender, MailboxAddress recipient) : IPreparedEmail
        {
            public Task<DeliveryReceipt> CommitAsync(CancellationToken ct) => session.CommitAsync(message, sender, recipient, ct);
        }

        public async ValueTask DisposeAsync() => await DropAsync(quit: true);

        private async Task DropAsync(bool quit = false)
        {
            if (_client is null)
            {
                return;
            }

            var client = _client;
            _client = null;
            try
            {
                if (quit && client.IsConnected)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(quit: true, timeout.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
            {
                logger.LogDebug(ex, "QUIT failed; the connection is closed anyway");
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    /// <summary>MailKit's client, telling whether the relay accepted MAIL FROM for the message being sent.</summary>
    private sealed class ObservingSmtpClient : SmtpClient
    {
        public bool SenderAccepted { get; set; }

        /// <summary>Messages this connection has delivered (a fresh connection is not retried).</summary>
        public int Sent { get; set; }

        protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            SenderAccepted = true;
            base.OnSenderAccepted(message, mailbox, response);
        }
    }
}
