using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Data;

internal sealed class MemberSessionConfiguration : IEntityTypeConfiguration<MemberSession>
{
    public void Configure(EntityTypeBuilder<MemberSession> b)
    {
        b.ToTable("MemberSessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasMaxLength(32);
        b.HasIndex(s => s.UserId);
        b.HasOne<HubUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
