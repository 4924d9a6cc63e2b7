using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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
