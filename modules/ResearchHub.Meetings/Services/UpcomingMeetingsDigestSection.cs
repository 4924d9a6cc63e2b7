using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// "Upcoming meetings" in the mailing groups' digests: meetings not cancelled that start within the
/// scope's coming days, each member seeing what <see cref="MeetingAccess.VisibleToMember"/> shows
/// their role. Not news: meetings ride along with a digest that has news, or every member would get
/// a digest every period for as long as a meeting is upcoming.
/// </summary>
public sealed class UpcomingMeetingsDigestSection(HubDbContext db, PermissionService permissions, TimeProvider clock) : IDigestSection
{
    public string Key => "meetings";

    public string Title => "Upcoming meetings";

    public int Order => 20;

    public bool IsNews => false;

    public async Task<IDigestSectionSnapshot> SnapshotAsync(DigestScope scope, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(scope.UpcomingDays);
        var meetings = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Cancelled && m.StartUtc >= now && m.StartUtc < horizon)
            .OrderBy(m => m.StartUtc).ToListAsync(ct);
        return new Snapshot(permissions, meetings);
    }

    /// <summary>The meeting's start in its own zone, as the invitations give it.</summary>
    private static string When(Meeting m)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(m.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(m.StartUtc, zone);
        return local.ToString("dddd d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) + $" ({m.TimeZoneId})";
    }

    private sealed class Snapshot(PermissionService permissions, List<Meeting> meetings) : IDigestSectionSnapshot
    {
        /// <summary>The items per answer of the rule (it depends only on whether the member takes part), worked out once each.</summary>
        private readonly Dictionary<bool, List<DigestItem>> _byParticipation = [];

        public IReadOnlyList<DigestItem> ItemsFor(DigestReader reader, DateTimeOffset windowStart, DateTimeOffset windowEnd)
        {
            var isParticipant = permissions.Has(reader.Principal, Permissions.Participate) || permissions.Has(reader.Principal, Permissions.Manage);
            if (!_byParticipation.TryGetValue(isParticipant, out var items))
            {
                items = [.. MeetingAccess.VisibleToMember(meetings.AsQueryable(), isParticipant)
                    .AsEnumerable().Select(m => new DigestItem(m.Title, When(m), MeetingsUrls.Meeting(m.Id)))];
                _byParticipation[isParticipant] = items;
            }

            return items;
        }
    }
}
