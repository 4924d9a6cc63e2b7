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
