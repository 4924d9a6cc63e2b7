using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Data;

internal sealed class OrganisationConnectionConfiguration : IEntityTypeConfiguration<OrganisationConnection>
{
    public void Configure(EntityTypeBuilder<OrganisationConnection> b)
    {
        b.ToTable("OrganisationConnections");
        b.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.OrganisationId).IsUnique();
        b.Property(c => c.Key).HasMaxLength(64);
        b.HasIndex(c => c.Key).IsUnique();
        b.Property(c => c.Issuer).HasMaxLength(128);
        b.HasIndex(c => c.Issuer).IsUnique();
        b.Property(c => c.ClientId).HasMaxLength(200);
        b.Property(c => c.ProtectedClientSecret).HasMaxLength(2000);
        b.Property(c => c.EmailDomains).HasMaxLength(1000);
        b.Ignore(c => c.DomainList);
    }
}
