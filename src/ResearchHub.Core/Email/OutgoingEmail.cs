namespace ResearchHub.Core.Email;

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
