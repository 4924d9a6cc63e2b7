using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Meetings.Calendar;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// Calendar files: one meeting's .ics, and each member's personal feed behind a secret URL (stored
/// as its SHA-256; a new one revokes the old) with the meetings that member may see.
/// </summary>
public sealed class CalendarFeedService(HubDbContext db, MeetingMail mail, IMemberDirectory directory, TimeProvider clock)
{
    private const string Prefix = "cal_";

    /// <summary>The meeting's own .ics, the same file for everyone who may see the meeting: the network is its organiser.</summary>
    public async Task<byte[]> MeetingIcsAsync(Meeting meeting, CancellationToken ct) =>
        MeetingCalendar.Build([await mail.EventAsync(meeting, [], networkOrganiser: true, ct)], CalendarMethod.Publish);

    public Task<bool> HasFeedAsync(string userId, CancellationToken ct) =>
        db.Set<CalendarFeed>().AnyAsync(f => f.UserId == userId && f.RevokedAt == null, ct);

    /// <summary>Creates a feed secret (revoking any earlier one); the plain secret is returned once.</summary>
    public async Task<string> CreateAsync(string userId, CancellationToken ct)
    {
        await RevokeAsync(userId, ct);
        var token = SecretTokens.New(Prefix);
        db.Set<CalendarFeed>().Add(new CalendarFeed { UserId = userId, TokenHash = SecretTokens.Hash(token), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task<int> RevokeAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Set<CalendarFeed>().Where(f => f.UserId == userId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), ct);
    }

    /// <summary>The feed for a secret, or null when it is unknown, revoked, or its member is locked out.</summary>
    public async Task<byte[]?> FeedAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var feed = await db.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, ct);
        var user = feed is null ? null : await directory.FindActiveAsync(feed.UserId, ct);
        if (user is null)
        {
            return null;
        }

        var isMember = (await directory.RolesAsync(user.Id, ct)).Count > 0;
        var now = clock.GetUtcNow();
        var since = now.AddDays(-180);
        var meetings = await MeetingAccess.VisibleToMember(db.Set<Meeting>().AsNoTracking(), isMember)
            .Where(m => m.EndUtc >= since)
            .OrderBy(m => m.StartUtc)
            .Take(500)
            .ToListAsync(ct);
        var ids = meetings.Select(m => m.Id).ToList();
        var registrations = await db.Set<Registration>().AsNoTracking()
            .Where(r => r.UserId == user.Id && ids.Contains(r.MeetingId))
            .ToDictionaryAsync(r => r.MeetingId, ct);
        var events = new List<CalendarEvent>();
        foreach (var meeting in meetings)
        {
            IReadOnlyList<CalendarAttendee> attendees = registrations.TryGetValue(meeting.Id, out var r) && user.Email is not null
                ? [new CalendarAttendee(user.Email, user.DisplayName.Length > 0 ? user.DisplayName : user.Email,
                    r.TakesPlace ? "ACCEPTED" : r.Response == RegistrationResponse.Maybe ? "TENTATIVE" : r.Attending ? "NEEDS-ACTION" : "DECLINED")]
                : [];
            events.Add(await mail.EventAsync(meeting, attendees, networkOrganiser: false, ct));
        }

        return MeetingCalendar.Build(events, CalendarMethod.Publish, "Meetings");
    }
}
