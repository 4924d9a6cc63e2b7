namespace ResearchHub.Core.Email;

/// <summary>
/// A message to send: plain text always, HTML when the sender has it (sent as multipart/alternative),
/// and small attachments (a calendar invitation, say) kept with the outbox row.
/// </summary>
public sealed record EmailMessage(
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>
/// A small attachment stored in the outbox row itself (so it is sent exactly as it was when the
/// cause committed). <paramref name="ContentType"/> may carry parameters, e.g. "text/calendar; method=REQUEST".
/// </summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content)
{
    /// <summary>Outbox rows are not a file store: larger files belong in the library and are linked.</summary>
    public const int MaxBytes = 1024 * 1024;
}

/// <summary>What a transport is handed: the message with its identity and sender.</summary>
public sealed record OutgoingEmail(
    long OutboxId,
    string MessageId,
    string From,
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset Date,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>Where a transport says the message went (the pickup file name, when there is one).</summary>
public sealed record DeliveryReceipt(string? PickupFile);

/// <summary>
/// Where mail goes (an SMTP relay, the pickup folder). A sender opens a session for as many
/// messages as it has: for SMTP one session is one connection, reused from message to message.
/// </summary>
public interface IEmailTransport
{
    IEmailSession OpenSession();
}

/// <summary>
/// Sends messages one after another (not concurrently), each in two steps: <see cref="PrepareAsync"/>
/// does everything that cannot deliver the message (for SMTP: the envelope and the content, all
/// but the final dot), <see cref="IPreparedEmail.CommitAsync"/> the one step that does. A sender can
/// so record the previous message's outcome while the next is prepared, and still have at most
/// one message delivered but not yet recorded. Both steps throw <see cref="EmailDeliveryException"/>
/// (permanent or not) or <see cref="FormatException"/> for a message that cannot be written; the
/// session stays usable after either.
/// </summary>
public interface IEmailSession : IAsyncDisposable
{
    Task<IPreparedEmail> PrepareAsync(OutgoingEmail message, CancellationToken ct);
}

/// <summary>A message handed over all but its last step; commit it before preparing the next.</summary>
public interface IPreparedEmail
{
    Task<DeliveryReceipt> CommitAsync(CancellationToken ct);
}

public static class EmailTransportExtensions
{
    /// <summary>One message in a session of its own.</summary>
    public static async Task<DeliveryReceipt> SendAsync(this IEmailTransport transport, OutgoingEmail message, CancellationToken ct)
    {
        await using var session = transport.OpenSession();
        return await session.SendAsync(message, ct);
    }

    /// <summary>Prepares and commits one message.</summary>
    public static async Task<DeliveryReceipt> SendAsync(this IEmailSession session, OutgoingEmail message, CancellationToken ct)
    {
        var prepared = await session.PrepareAsync(message, ct);
        return await prepared.CommitAsync(ct);
    }
}

/// <summary>A delivery failure, marked permanent when retrying cannot help (a rejected recipient, a bad address).</summary>
public sealed class EmailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
