using System.Net.Mail;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

/// <summary>
/// Delivers due outbox rows. Each row is claimed with a conditional UPDATE that sets a lease, which
/// only one worker on one node can win; the row is marked sent only by the lease holder. Transient
/// failures are retried with exponential backoff, permanent ones (5xx, bad address) marked failed.
/// </summary>
public sealed class OutboxDeliveryService(
    HubDbContext db,
    IEmailTransport transport,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDeliveryService> logger)
{
    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Delivers every row due now; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var settings = options.Value.Outbox;
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages
            .Where(m => (m.State == OutboxState.Pending && m.NextAttemptAt <= now)
                || (m.State == OutboxState.Sending && m.LeaseUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(ct);

        var sent = 0;
        foreach (var id in due)
        {
            if (await TryDeliverAsync(id, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> TryDeliverAsync(long id, CancellationToken ct)
    {
        var settings = options.Value.Outbox;
        var now = clock.GetUtcNow();
        var leaseUntil = now.AddSeconds(settings.LeaseSeconds);
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id
                && ((m.State == OutboxState.Pending && m.NextAttemptAt <= now)
                    || (m.State == OutboxState.Sending && m.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Sending)
                .SetProperty(m => m.LeaseOwner, _workerId)
                .SetProperty(m => m.LeaseUntil, leaseUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (claimed == 0)
        {
            return false; // another worker won it
        }

        var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        var headers = row.HeadersJson is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(row.HeadersJson) ?? [];
        var attachments = row.AttachmentsJson is null ? null : JsonSerializer.Deserialize<List<EmailAttachment>>(row.AttachmentsJson);
        var email = new OutgoingEmail(row.Id, row.MessageId, row.From, row.To, row.Subject, row.TextBody, row.HtmlBody, headers, row.CreatedAt, attachments);

        try
        {
            var receipt = await transport.SendAsync(email, ct);
            await db.OutboxMessages
                .Where(m => m.Id == id && m.LeaseOwner == _workerId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Sent)
                    .SetProperty(m => m.SentAt, clock.GetUtcNow())
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.PickupFile, receipt.PickupFile), CancellationToken.None);
            logger.LogInformation("Sent outbox message {OutboxId} ({Kind}) to {To}", id, row.Kind, row.To);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var permanent = ex is EmailDeliveryException { Permanent: true } or FormatException;
            var attempts = row.Attempts;
            var failed = permanent || attempts >= settings.MaxAttempts;
            var delay = TimeSpan.FromSeconds(Math.Min(3600, settings.RetryBaseSeconds * Math.Pow(2, attempts - 1)));
            await db.OutboxMessages
                .Where(m => m.Id == id && m.LeaseOwner == _workerId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, failed ? OutboxState.Failed : OutboxState.Pending)
                    .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow() + delay)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LastError, Truncate(ex.Message, 2000)), CancellationToken.None);
            logger.LogWarning(ex, "Outbox message {OutboxId} attempt {Attempt} failed ({Outcome})",
                id, attempts, failed ? "failed for good" : $"retry in {delay}");
            return false;
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
