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
