using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ResearchHub.Core.Jobs;

/// <summary>
/// A named lease on a background job ("digests", "meeting-reminders"), so only one node runs it at
/// a time; claimed and renewed through <see cref="JobLeases"/>. A row with no owner, or whose
/// lease has run out, is free.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("JobLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Owner).HasMaxLength(200);
    }
}
