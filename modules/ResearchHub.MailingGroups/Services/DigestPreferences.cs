using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Members' own digest settings (a profile section): the time zone their periods follow and their
/// send hour is read in (the site's by default), and the one combined digest across their groups.
/// </summary>
public sealed class DigestPreferences(HubDbContext db, IOptions<MailingGroupsOptions> options, TimeProvider clock)
{
    /// <summary>The zones a member may choose: the system's IANA zones, by id.</summary>
    public static IReadOnlyList<string> Choices { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id == "UTC" || (id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))).Order(StringComparer.Ordinal)];

    public string SiteZoneId => options.Value.TimeZone;

    /// <summary>The member's chosen zone id, or null when they follow the site's.</summary>
    public Task<string?> ChosenAsync(string userId, CancellationToken ct) =>
        db.Set<MemberDigestSettings>().AsNoTracking().Where(s => s.UserId == userId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);

    /// <summary>The member's combined-digest frequency (<see cref="DeliveryMode.None"/>: each group on its own).</summary>
    public Task<DeliveryMode> CombinedAsync(string userId, CancellationToken ct) =>
        db.Set<MemberDigestSettings>().AsNoTracking().Where(s => s.UserId == userId).Select(s => s.Combined).FirstOrDefaultAsync(ct);

    /// <summary>Every member who takes one combined digest, with its frequency.</summary>
    public async Task<Dictionary<string, DeliveryMode>> CombinedMembersAsync(CancellationToken ct) =>
        await db.Set<MemberDigestSettings>().AsNoTracking().Where(s => s.Combined != DeliveryMode.None)
            .ToDictionaryAsync(s => s.UserId, s => s.Combined, StringComparer.Ordinal, ct);

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

    /// <summary>
    /// Sets the member's zone (empty: the site's) and combined digest; false, changing nothing, for a
    /// zone that is not offered or a frequency that is not a digest's.
    /// </summary>
    public async Task<bool> SetAsync(string userId, string? zoneId, DeliveryMode combined, CancellationToken ct)
    {
        zoneId = string.IsNullOrWhiteSpace(zoneId) ? null : zoneId.Trim();
        if ((zoneId is not null && !Choices.Contains(zoneId, StringComparer.Ordinal)) || (combined != DeliveryMode.None && !DigestPeriods.IsDigest(combined)))
        {
            return false;
        }

        var row = await db.Set<MemberDigestSettings>().FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (row is null)
        {
            db.Add(new MemberDigestSettings { UserId = userId, TimeZone = zoneId, Combined = combined, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            row.TimeZone = zoneId;
            row.Combined = combined;
            row.UpdatedAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
