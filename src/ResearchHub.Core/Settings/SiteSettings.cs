using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Settings;

/// <summary>One site-wide setting (the network's name, its tagline, ...), set by recipes and administrators.</summary>
public sealed class SiteSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

internal sealed class SiteSettingConfiguration : IEntityTypeConfiguration<SiteSetting>
{
    public void Configure(EntityTypeBuilder<SiteSetting> builder)
    {
        builder.ToTable("SiteSettings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
    }
}

public static class SiteSettingKeys
{
    public const string NetworkName = "NetworkName";
    public const string Tagline = "Tagline";
    public const string ContactEmail = "ContactEmail";

    /// <summary>The hub's canonical public address (see <c>SiteAddress</c>); this hub's own, never exported.</summary>
    public const string BaseUrl = "BaseUrl";
}

/// <summary>Reads and writes site settings through the request's <see cref="HubDbContext"/>.</summary>
public sealed class SiteSettingsService(HubDbContext db)
{
    public const string DefaultNetworkName = "ResearchHub";

    public async Task<string?> GetAsync(string key, CancellationToken ct = default) =>
        await db.SiteSettings.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);

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
