using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The <c>digests send-due</c> verb: compose and queue what is due, then deliver the outbox until
/// no digest is waiting (the site's own worker does not run while a verb does). Killed at any point,
/// a second run finishes the work: composed batches are in the database, undelivered rows are
/// pending or their lease runs out; only a message in flight at the kill can be sent twice.
/// </summary>
public sealed class DigestCommand(DigestService digests, OutboxDeliveryService delivery, HubDbContext db)
{
    public async Task<int> SendDueAsync(IProgress<string> progress, CancellationToken ct)
    {
        var result = await digests.SendDueAsync(progress, ct);
        if (!result.LeaseHeld)
        {
            progress.Report("Another node is composing digests now; delivering what is queued.");
        }

        var delivered = 0;
        while (true)
        {
            var before = delivered;
            var sent = await delivery.DeliverDueAsync(new BatchProgress(n => progress.Report($"delivered {before + n}")), ct);
            delivered += sent;
            var waiting = await db.OutboxMessages.CountAsync(m => (m.Kind == DigestService.DigestKind || m.Kind == DigestService.PostKind)
                && (m.State == OutboxState.Pending || m.State == OutboxState.Sending), ct);
            progress.Report($"delivered {delivered}, waiting {waiting}");
            if (sent == 0)
            {
                // Nothing deliverable now: the rest wait for a retry or another node's lease (the worker's job).
                return 0;
            }
        }
    }

    /// <summary>Reports on the delivering thread, as each batch is done (Progress&lt;T&gt; would post later).</summary>
    private sealed class BatchProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
