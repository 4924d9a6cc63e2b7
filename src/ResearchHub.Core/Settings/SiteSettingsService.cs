using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Settings;

/// <summary>Reads and writes site settings through the request's <see cref="HubDbContext"/>.</summary>
public sealed class SiteSettingsService(HubDbContext db, ContentCache cache)
{
    public const string DefaultNetworkName = "ResearchHub";

    /// <summary>The setting's value: every setting is read in one query and kept until content changes (<see cref="ContentCache"/>).</summary>
    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        var all = await cache.GetOrReadAsync("settings", async c =>
            (IReadOnlyDictionary<string, string>)await db.SiteSettings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, StringComparer.Ordinal, c), ct);
        return all.GetValueOrDefault(key);
    }

    public async Task<string> NetworkNameAsync(CancellationToken ct = default) =>
        await GetAsync(SiteSettingKeys.NetworkName, ct) ?? DefaultNetworkName;

    /// <summary>Stages the value in the context; the caller's SaveChanges writes it.</summary>
    public async Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        var existing = await db.SiteSettings.FirstOrDefaultAsync(s => s.Key == key, ct);
        if (existing is null)
        {
            db.SiteSettings.Add(new SiteSetting { Key = key, Value = value });
        }
        else
        {
            existing.Value = value;
        }
    }
}
