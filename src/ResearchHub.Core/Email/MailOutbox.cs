using System.Net.Mail;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

/// <summary>
/// The only way the hub sends mail: <see cref="Enqueue"/> adds an outbox row to the caller's
/// <see cref="HubDbContext"/>, so it commits (or rolls back) with the change that caused it.
/// </summary>
public sealed class MailOutbox(HubDbContext db, IOptions<MailOptions> options, TimeProvider clock)
{
    /// <param name="dedupKey">When set, a second message with the same key cannot be written (see <see cref="OutboxMessage.DedupKey"/>).</param>
    public OutboxMessage Enqueue(string kind, EmailMessage message, string? dedupKey = null)
    {
        if (message.Attachments?.Any(a => a.Content.Length > EmailAttachment.MaxBytes) == true)
        {
            throw new ArgumentException($"An outbox attachment may be at most {EmailAttachment.MaxBytes} bytes.", nameof(message));
        }

        // Refuse a malformed address now, while the caller can still tell the user.
        _ = new MailAddress(message.To);
        var from = new MailAddress(options.Value.From);
        var now = clock.GetUtcNow();
        var row = new OutboxMessage
        {
            Kind = kind,
            MessageId = $"<{Guid.NewGuid():N}@{from.Host}>",
            From = options.Value.From,
            To = message.To,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            HeadersJson = message.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null,
            AttachmentsJson = message.Attachments is { Count: > 0 } a ? JsonSerializer.Serialize(a) : null,
            DedupKey = dedupKey,
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(row);
        return row;
    }
}
