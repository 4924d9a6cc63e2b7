using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>Which meeting notices each member receives: all, unless they turned some off (on the profile, or by one-click unsubscribe).</summary>
public sealed class NotificationSettings(HubDbContext db, TimeProvider clock)
{
    public static IReadOnlyList<MeetingNotification> All { get; } = Enum.GetValues<MeetingNotification>();

    public static string Describe(MeetingNotification kind) => kind switch
    {
        MeetingNotification.PollOpened => "A date poll I am invited to opens",
        MeetingNotification.PollClosed => "A date poll I was invited to closes (the chosen date, with the calendar entry)",
        MeetingNotification.QuestionnaireOpened => "A pre-meeting questionnaire opens",
        MeetingNotification.ReportInReview => "A meeting's report opens for participants' review",
        MeetingNotification.RegistrationConfirmed => "My registration for a meeting is confirmed (with the calendar entry)",
        _ => "A place comes free for me on a meeting's waiting list",
    };

    /// <summary>The notices the member has turned off.</summary>
    public async Task<IReadOnlySet<MeetingNotification>> OffAsync(string userId, CancellationToken ct) =>
        (await db.Set<NotificationOptOut>().AsNoTracking().Where(o => o.UserId == userId).Select(o => o.Kind).ToListAsync(ct)).ToHashSet();

    /// <summary>Of these members, those who turned this notice off.</summary>
    public async Task<IReadOnlySet<string>> OptedOutAsync(IReadOnlyCollection<string> userIds, MeetingNotification kind, CancellationToken ct) =>
        (await db.Set<NotificationOptOut>().AsNoTracking().Where(o => o.Kind == kind && userIds.Contains(o.UserId)).Select(o => o.UserId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Keeps exactly <paramref name="on"/> turned on; unknown values are ignored.</summary>
    public async Task SaveAsync(string userId, IReadOnlyCollection<MeetingNotification> on, CancellationToken ct)
    {
        var current = await db.Set<NotificationOptOut>().Where(o => o.UserId == userId).ToListAsync(ct);
        db.Set<NotificationOptOut>().RemoveRange(current.Where(o => on.Contains(o.Kind)));
        foreach (var kind in All.Where(k => !on.Contains(k) && current.All(o => o.Kind != k)))
        {
            db.Set<NotificationOptOut>().Add(new NotificationOptOut { UserId = userId, Kind = kind, At = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Turns one notice off (one-click unsubscribe); doing it twice changes nothing.</summary>
    public async Task TurnOffAsync(string userId, MeetingNotification kind, CancellationToken ct)
    {
        if (!await db.Set<NotificationOptOut>().AnyAsync(o => o.UserId == userId && o.Kind == kind, ct))
        {
            db.Set<NotificationOptOut>().Add(new NotificationOptOut { UserId = userId, Kind = kind, At = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // the same click twice at once: the other one wrote it
            }
        }
    }
}
