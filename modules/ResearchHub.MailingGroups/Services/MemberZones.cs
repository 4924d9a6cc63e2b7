using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Members' own time zones for their digests (a profile setting; the site's zone by default): the
/// zone their periods follow and their send hour is read in.
/// </summary>
public sealed class MemberZones(HubDbContext db, IOptions<MailingGroupsOptions> options, TimeProvider clock)
{
    /// <summary>The zones a member may choose: the system's IANA zones, by id.</summary>
    public static IReadOnlyList<string> Choices { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id == "UTC" || (id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))).Order(StringComparer.Ordinal)];

    public string SiteZoneId => options.Value.TimeZone;

    /// <summary>The member's chosen zone id, or null when they follow the site's.</summary>
    public Task<string?> ChosenAsync(string userId, CancellationToken ct) =>
        db.Set<MemberDigestSettings>().AsNoTracking().Where(s => s.UserId == userId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);

    /// <summary>The zone each of these members' digests follow (the site's for those who chose none).</summary>
    public async Task<Dictionary<string, TimeZoneInfo>> ZonesAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Distinct().Chunk(500))
        {
            foreach (var row in await db.Set<MemberDigestSettings>().AsNoTracking().Where(s => chunk.Contains(s.UserId) && s.TimeZone != null)
                .Select(s => new { s.UserId, s.TimeZone }).ToListAsync(ct))
            {
                chosen[row.UserId] = row.TimeZone!;
            }
        }

        var site = options.Value.Zone;
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        foreach (var id in userIds)
        {
            zones[id] = chosen.TryGetValue(id, out var zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : site;
        }

        return zones;
    }

    /// <summary>Sets the member's zone (empty: the site's); false, changing nothing, for a zone that is not offered.</summary>
    public async Task<bool> SetAsync(string userId, string? zoneId, CancellationToken ct)
    {
        zoneId = string.IsNullOrWhiteSpace(zoneId) ? null : zoneId.Trim();
        if (zoneId is not null && !Choices.Contains(zoneId, StringComparer.Ordinal))
        {
            return false;
        }

        var row = await db.Set<MemberDigestSettings>().FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (row is null)
        {
            db.Add(new MemberDigestSettings { UserId = userId, TimeZone = zoneId, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            row.TimeZone = zoneId;
            row.UpdatedAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
