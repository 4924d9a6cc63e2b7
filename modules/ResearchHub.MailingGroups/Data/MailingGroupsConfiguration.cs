using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Core.Members;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Data;

internal sealed class MailingGroupConfiguration : IEntityTypeConfiguration<MailingGroup>
{
    public void Configure(EntityTypeBuilder<MailingGroup> b)
    {
        b.ToTable("MailingGroups");
        b.Property(g => g.Slug).HasMaxLength(100);
        b.HasIndex(g => g.Slug).IsUnique();
        b.Property(g => g.Name).HasMaxLength(200);
        b.Property(g => g.Topics).HasMaxLength(1000);
        b.Property(g => g.JoinPolicy).HasConversion<int>();
        b.Property(g => g.PostPolicy).HasConversion<int>();
        b.Ignore(g => g.TopicKeys);
    }
}

internal sealed class GroupMembershipConfiguration : IEntityTypeConfiguration<GroupMembership>
{
    public void Configure(EntityTypeBuilder<GroupMembership> b)
    {
        b.ToTable("MailingGroupMembers");
        b.HasOne(m => m.Group).WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(MemberEntities.Member, navigationName: null).WithMany().HasForeignKey(nameof(GroupMembership.UserId)).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.GroupId, m.UserId }).IsUnique();
        b.HasIndex(m => m.UserId);
        b.Property(m => m.Status).HasConversion<int>();
        b.Property(m => m.Mode).HasConversion<int>();
    }
}

internal sealed class GroupPostConfiguration : IEntityTypeConfiguration<GroupPost>
{
    public void Configure(EntityTypeBuilder<GroupPost> b)
    {
        b.ToTable("MailingGroupPosts");
        b.HasOne<MailingGroup>().WithMany().HasForeignKey(p => p.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<GroupPost>().WithMany().HasForeignKey(p => p.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(MemberEntities.Member, navigationName: null).WithMany().HasForeignKey(nameof(GroupPost.AuthorId)).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Subject).HasMaxLength(300);
        b.Property(p => p.Status).HasConversion<int>();
        b.HasIndex(p => new { p.GroupId, p.Status, p.PublishedAt });
        b.HasIndex(p => p.ThreadId);
    }
}

internal sealed class PostAttachmentConfiguration : IEntityTypeConfiguration<PostAttachment>
{
    public void Configure(EntityTypeBuilder<PostAttachment> b)
    {
        b.ToTable("MailingGroupAttachments");
        b.HasOne<GroupPost>().WithMany().HasForeignKey(a => a.PostId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(200);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.HasIndex(a => a.PostId);
    }
}

internal sealed class MemberDigestSettingsConfiguration : IEntityTypeConfiguration<MemberDigestSettings>
{
    public void Configure(EntityTypeBuilder<MemberDigestSettings> b)
    {
        b.ToTable("MailingMemberSettings");
        b.HasKey(s => s.UserId);
        b.HasOne(MemberEntities.Member, navigationName: null).WithMany().HasForeignKey(nameof(MemberDigestSettings.UserId)).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.Combined).HasConversion<int>();
    }
}

internal sealed class DigestRecordConfiguration : IEntityTypeConfiguration<DigestRecord>
{
    public void Configure(EntityTypeBuilder<DigestRecord> b)
    {
        b.ToTable("MailingDigests");
        b.HasOne<MailingGroup>().WithMany().HasForeignKey(d => d.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(MemberEntities.Member, navigationName: null).WithMany().HasForeignKey(nameof(DigestRecord.UserId)).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Mode).HasConversion<int>();
        // The guarantee: one digest per member, group, mode and period, whoever composes it.
        b.HasIndex(d => new { d.UserId, d.GroupId, d.Mode, d.PeriodStart }).IsUnique();
        b.HasIndex(d => new { d.GroupId, d.CreatedAt });
        b.Property(d => d.OutboxDedupKey).HasMaxLength(200);
    }
}
