using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Jobs;
using ResearchHub.Core.Members;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Jobs;

/// <summary>
/// Reminders derived from data, not from timers: on every pass, each registered member of each
/// meeting whose reminder point (start minus N days) has passed gets that reminder, unless the
/// outbox already holds one with its key "reminder:{meeting}:{member}:{N}" (unique), so a restart
/// or a second node can neither lose nor repeat one. Only the nearest reminder is due: after a long
/// outage a member gets "tomorrow", not a late "in 7 days" as well. Cancelled meetings, members who
/// declined or cancelled, and the waiting list get none; nor does a member who registered after
/// the reminder point (they have just had the meeting's details).
/// </summary>
public sealed class ReminderService(
    HubDbContext db,
    IMemberDirectory directory,
    MeetingMail mail,
    IOptions<MeetingsOptions> options,
    TimeProvider clock,
    JobLeases leases,
    ILogger<ReminderService> logger)
{
    private const string LeaseName = "meeting-reminders";
    private static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(5);

    public static string DedupKey(long meetingId, string userId, int days) => $"reminder:{meetingId}:{userId}:{days}";

    /// <summary>Sends what is due; returns how many reminders were queued (0 when another node holds the lease).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        if (!await leases.TryClaimAsync(LeaseName, LeaseLength, ct))
        {
            return 0;
        }

        try
        {
            return await QueueDueAsync(ct);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName);
        }
    }

    private async Task<int> QueueDueAsync(CancellationToken ct)
    {
        var days = options.Value.ReminderDays.Where(d => d > 0).Distinct().OrderByDescending(d => d).ToArray();
        if (days.Length == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var horizon = now.AddDays(days[0]);
        var meetings = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Cancelled && m.StartUtc > now && m.StartUtc <= horizon)
            .ToListAsync(ct);
        var queued = 0;
        foreach (var meeting in meetings)
        {
            // The nearest reminder point that has passed: the smallest N with start - N days <= now.
            var due = days.Where(d => meeting.StartUtc.AddDays(-d) <= now).Min();
            var point = meeting.StartUtc.AddDays(-due);
            var registrations = await db.Set<Registration>().AsNoTracking()
                .Where(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Confirmed
                    && r.Response != RegistrationResponse.No && r.CreatedAt < point)
                .ToListAsync(ct);
            var keys = registrations.Select(r => DedupKey(meeting.Id, r.UserId, due)).ToList();
            var sent = await db.OutboxMessages.Where(m => m.DedupKey != null && keys.Contains(m.DedupKey)).Select(m => m.DedupKey!).ToListAsync(ct);
            var members = await directory.FindAsync(registrations.Select(r => r.UserId), ct);
            foreach (var registration in registrations.Where(r => !sent.Contains(DedupKey(meeting.Id, r.UserId, due))))
            {
                var member = members.GetValueOrDefault(registration.UserId);
                if (member?.Email is null)
                {
                    continue;
                }

                await mail.ReminderAsync(meeting, member, due, DedupKey(meeting.Id, member.Id, due), ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    queued++;
                }
                catch (DbUpdateException ex)
                {
                    // The unique dedup key: another pass queued it first. That is the guarantee working.
                    db.ChangeTracker.Clear();
                    logger.LogInformation(ex, "Reminder {Key} was already queued", DedupKey(meeting.Id, member.Id, due));
                }
            }
        }

        return queued;
    }
}
