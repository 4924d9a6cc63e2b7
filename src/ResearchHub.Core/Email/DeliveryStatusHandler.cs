using Microsoft.EntityFrameworkCore;
using MimeKit;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

/// <summary>
/// RFC 3464 delivery-status notifications (bounces) that arrive after the relay accepted a message:
/// each failed recipient's last sent message is marked failed, the same record an SMTP 5xx leaves,
/// so the existing bounce counting sees it. The original message is found by its Message-ID (from
/// the report's returned headers) and the recipient, else by the recipient alone.
/// </summary>
public sealed class DeliveryStatusHandler(HubDbContext db, TimeProvider clock) : IInboundMailHandler
{
    public int Order => 0;

    public async Task<string?> HandleAsync(MimeMessage message, CancellationToken ct)
    {
        var report = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (report is null)
        {
            return null;
        }

        var originalId = OriginalMessageId(message);
        var counted = new List<string>();
        foreach (var fields in report.StatusGroups.Skip(1))
        {
            var action = fields["Action"]?.Trim();
            var recipient = Address(fields["Final-Recipient"] ?? fields["Original-Recipient"]);
            if (recipient is null || !string.Equals(action, "failed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var candidates = await db.OutboxMessages
                .Where(m => m.State == OutboxState.Sent && m.To == recipient)
                .OrderByDescending(m => m.Id).Take(50).ToListAsync(ct);
            var row = candidates.FirstOrDefault(m => originalId is not null && (m.MessageId == originalId || (m.HeadersJson?.Contains(originalId, StringComparison.Ordinal) ?? false)))
                ?? candidates.FirstOrDefault();
            if (row is null)
            {
                continue;
            }

            row.State = OutboxState.Failed;
            row.LastError = $"Bounced after delivery: {fields["Status"]?.Trim()} {fields["Diagnostic-Code"]?.Trim()}".Trim();
            row.NextAttemptAt = clock.GetUtcNow();
            counted.Add(recipient);
        }

        await db.SaveChangesAsync(ct);
        return counted.Count == 0 ? "delivery report: no matching message" : $"bounce counted for {string.Join(", ", counted)}";
    }

    /// <summary>"rfc822; someone@example.org" → someone@example.org</summary>
    private static string? Address(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim().Trim('<', '>');
        return address.Length == 0 ? null : address;
    }

    /// <summary>The bounced message's Message-ID, from the returned message or its headers (message/rfc822, text/rfc822-headers: both MimeKit MessageParts).</summary>
    private static string? OriginalMessageId(MimeMessage message) =>
        message.BodyParts.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => id is not null) is { } id ? $"<{id}>" : null;
}
