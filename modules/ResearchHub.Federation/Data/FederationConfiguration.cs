using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Federation.Domain;

namespace ResearchHub.Federation.Data;

internal sealed class OaiTombstoneConfiguration : IEntityTypeConfiguration<OaiTombstone>
{
    public void Configure(EntityTypeBuilder<OaiTombstone> builder)
    {
        builder.ToTable("FederationTombstones");
        builder.HasKey(t => t.ResourceId);
        // No foreign key: the resource may be deleted, the tombstone stays.
        builder.Property(t => t.ResourceId).ValueGeneratedNever();
        builder.HasIndex(t => new { t.DeletedAt, t.ResourceId });
    }
}

internal sealed class HarvestSourceConfiguration : IEntityTypeConfiguration<HarvestSource>
{
    public void Configure(EntityTypeBuilder<HarvestSource> builder)
    {
        builder.ToTable("FederationHarvestSources");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.BaseUrl).HasMaxLength(2000);
        builder.Property(s => s.MetadataPrefix).HasMaxLength(100);
        builder.Property(s => s.SetSpec).HasMaxLength(200);
        builder.Property(s => s.LastDatestamp).HasMaxLength(40);
        builder.Property(s => s.LeaseOwner).HasMaxLength(100);
        builder.HasIndex(s => s.NextRunAt);
    }
}

internal sealed class HarvestRunConfiguration : IEntityTypeConfiguration<HarvestRun>
{
    public void Configure(EntityTypeBuilder<HarvestRun> builder)
    {
        builder.ToTable("FederationHarvestRuns");
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasOne<HarvestSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SourceId, r.StartedAt });
    }
}

internal sealed class HarvestedRecordConfiguration : IEntityTypeConfiguration<HarvestedRecord>
{
    public void Configure(EntityTypeBuilder<HarvestedRecord> builder)
    {
        builder.ToTable("FederationHarvestedRecords");
        builder.Property(r => r.OaiIdentifier).HasMaxLength(1000);
        builder.Property(r => r.Datestamp).HasMaxLength(40);
        builder.HasOne<HarvestSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        // The resource may be deleted by an editor; the link then only remembers the record.
        builder.HasOne<ResearchHub.Library.Domain.Resource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(r => new { r.SourceId, r.OaiIdentifier }).IsUnique();
        builder.HasIndex(r => r.ResourceId);
    }
}
