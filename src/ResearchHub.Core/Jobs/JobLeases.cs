using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Jobs;

/// <summary>
/// Claims, renews and releases <see cref="JobLease"/> rows with conditional UPDATEs (the outbox's
/// pattern), creating a lease's row the first time it is claimed. Scoped: the owner is this
/// instance, so the leases one scope claims are that scope's (a worker's pass), and a second node
/// or a second pass on this node sees them as held until they are released or run out.
/// </summary>
public sealed class JobLeases(HubDbContext db, TimeProvider clock)
{
    /// <summary>Who holds the leases this instance claims: machine, process and a random part (at most 200 characters).</summary>
    public string Owner { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 200);

    /// <summary>Takes the lease <paramref name="name"/> for <paramref name="length"/> when it is free (no owner, or run out); false when another owner holds it.</summary>
    public async Task<bool> TryClaimAsync(string name, TimeSpan length, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + length;
        var claimed = await db.Set<JobLease>()
            .Where(l => l.Name == name && (l.Owner == null || l.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, Owner).SetProperty(l => l.LeaseUntil, until), ct);
        if (claimed == 1)
        {
            return true;
        }

        if (await db.Set<JobLease>().AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }

        // The first claim ever: create the row. Only the new row is tracked and saved, and it is
        // let go of afterwards, so the caller's context is left as it was.
        var entry = db.Set<JobLease>().Add(new JobLease { Name = name, Owner = Owner, LeaseUntil = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another node created it a moment ago, and holds it
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>Extends a lease this instance holds to <paramref name="length"/> from now; false when it is no longer held (run out and taken).</summary>
    public async Task<bool> RenewAsync(string name, TimeSpan length, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + length;
        return await db.Set<JobLease>().Where(l => l.Name == name && l.Owner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LeaseUntil, until), ct) == 1;
    }

    /// <summary>Frees a lease this instance holds, whatever the caller's token says (it runs in finally blocks).</summary>
    public Task ReleaseAsync(string name) =>
        db.Set<JobLease>().Where(l => l.Name == name && l.Owner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, (string?)null).SetProperty(l => l.LeaseUntil, clock.GetUtcNow()), CancellationToken.None);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
