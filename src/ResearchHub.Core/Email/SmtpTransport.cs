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
/// The previous message's outcome, still being recorded, is waited for inside it, after the last
/// of the content is written and before the closing dot (the last body part's content is wrapped
/// to wait when MailKit has read it to the end; MailKit measuring the message for SIZE does not
/// wait): the record's round trip overlaps the SMTP envelope and content of the next message,
/// and the relay cannot accept that message before the previous one is recorded.
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
            // After signing (the wrapper writes the very same bytes): the last content written before the closing dot.
            var hold = new Hold();
            if (message.BodyParts.OfType<MimePart>().LastOrDefault() is { Content: { } content } last)
            {
                last.Content = new HeldContent(content, hold);
                hold.Wrapped = true;
            }

            await ConnectAsync(ct);
            return new Prepared(this, message, sender, recipient, hold);
        }

        private async Task<DeliveryReceipt> CommitAsync(MimeMessage message, MailboxAddress sender, MailboxAddress recipient, Hold hold, Task recorded, CancellationToken ct)
        {
            hold.Recorded = recorded;
            if (!hold.Wrapped)
            {
                await recorded; // nothing to hold the dot back with: wait before sending
            }

            for (var attempt = 0; ; attempt++)
            {
                var client = await ConnectAsync(ct);
                var reused = client.Sent > 0;
                client.SenderAccepted = false;
                client.Current = hold;
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

        private sealed class Prepared(Session session, MimeMessage message, MailboxAddress sender, MailboxAddress recipient, Hold hold) : IPreparedEmail
        {
            public Task<DeliveryReceipt> CommitAsync(Task recorded, CancellationToken ct) =>
                session.CommitAsync(message, sender, recipient, hold, recorded, ct);
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

    /// <summary>
    /// MailKit's client, telling whether the relay accepted MAIL FROM for the message being sent,
    /// and measuring that message for SIZE without waiting for its hold.
    /// </summary>
    private sealed class ObservingSmtpClient : SmtpClient
    {
        public bool SenderAccepted { get; set; }

        /// <summary>Messages this connection has delivered (a fresh connection is not retried).</summary>
        public int Sent { get; set; }

        /// <summary>The hold of the message being sent.</summary>
        public Hold? Current { get; set; }

        protected override async Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken)
        {
            var hold = Current;
            if (hold is not null)
            {
                hold.Measuring = true;
            }

            try
            {
                return await base.GetSizeAsync(options, message, cancellationToken);
            }
            finally
            {
                if (hold is not null)
                {
                    hold.Measuring = false;
                }
            }
        }

        protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            SenderAccepted = true;
            base.OnSenderAccepted(message, mailbox, response);
        }
    }

    /// <summary>What a message's closing dot waits for: the previous message's outcome being recorded.</summary>
    private sealed class Hold
    {
        public Task Recorded { get; set; } = Task.CompletedTask;

        /// <summary>Whether a body part's content waits for <see cref="Recorded"/> (else the send as a whole does).</summary>
        public bool Wrapped { get; set; }

        /// <summary>MailKit is measuring the message, not sending it: nothing to wait for.</summary>
        public bool Measuring { get; set; }

        public Task WaitAsync() => Measuring ? Task.CompletedTask : Recorded;
    }

    /// <summary>
    /// A part's content, written exactly as before, that waits for the hold once MailKit has
    /// written all of it: only the encoder's last bytes, closing boundaries and the dot follow.
    /// Written synchronously (DKIM signing, the pickup folder) it does not wait.
    /// </summary>
    private sealed class HeldContent(IMimeContent inner, Hold hold) : IMimeContent
    {
        public ContentEncoding Encoding => inner.Encoding;

        public NewLineFormat? NewLineFormat => inner.NewLineFormat;

        public Stream? Stream => inner.Stream;

        public Stream Open() => inner.Open();

        public void DecodeTo(Stream stream, CancellationToken cancellationToken = default) => inner.DecodeTo(stream, cancellationToken);

        public async Task DecodeToAsync(Stream stream, CancellationToken cancellationToken = default)
        {
            await inner.DecodeToAsync(stream, cancellationToken);
            await hold.WaitAsync();
        }

        public void WriteTo(Stream stream, CancellationToken cancellationToken = default) => inner.WriteTo(stream, cancellationToken);

        public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
        {
            await inner.WriteToAsync(stream, cancellationToken);
            await hold.WaitAsync();
        }

        public void Dispose() => inner.Dispose();
    }
}
