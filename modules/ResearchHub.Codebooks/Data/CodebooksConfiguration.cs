using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Members;
using ResearchHub.Library.Domain;

namespace ResearchHub.Codebooks.Data;

internal sealed class CodebookConfiguration : IEntityTypeConfiguration<Codebook>
{
    public void Configure(EntityTypeBuilder<Codebook> builder)
    {
        builder.ToTable("Codebooks");
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.Property(c => c.Licence).HasMaxLength(200);
        builder.Property(c => c.Origin).HasMaxLength(300);
        builder.Property(c => c.CreatedById).HasMaxLength(450);
        builder.Property(c => c.Status).HasConversion<int>();
        builder.Property(c => c.Visibility).HasConversion<int>();
        builder.HasOne(MemberEntities.Organisation, navigationName: null).WithMany().HasForeignKey(nameof(Codebook.OwnerOrganisationId)).OnDelete(DeleteBehavior.Restrict);
        // The library record may go; the codebook stays, unlinked.
        builder.HasOne<Resource>().WithMany().HasForeignKey(c => c.LibraryResourceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Codes).WithOne().HasForeignKey(c => c.CodebookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Sets).WithOne().HasForeignKey(s => s.CodebookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OwnerOrganisationId, c.Visibility });
    }
}

internal sealed class CodeConfiguration : IEntityTypeConfiguration<Code>
{
    public void Configure(EntityTypeBuilder<Code> builder)
    {
        builder.ToTable("CodebookCodes");
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.Property(c => c.Definition).HasMaxLength(8000);
        builder.Property(c => c.WhenToUse).HasMaxLength(4000);
        builder.Property(c => c.WhenNotToUse).HasMaxLength(4000);
        builder.Property(c => c.Example).HasMaxLength(2000);
        builder.Property(c => c.Color).HasMaxLength(7);
        builder.HasIndex(c => new { c.CodebookId, c.Guid }).IsUnique();
        // Children are moved or deleted by the service first; the database refuses orphans.
        builder.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CodeSetConfiguration : IEntityTypeConfiguration<CodeSet>
{
    public void Configure(EntityTypeBuilder<CodeSet> builder)
    {
        builder.ToTable("CodebookSets");
        builder.Property(s => s.Name).HasMaxLength(300);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.HasIndex(s => new { s.CodebookId, s.Guid }).IsUnique();
        builder.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.CodeSetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CodeSetMemberConfiguration : IEntityTypeConfiguration<CodeSetMember>
{
    public void Configure(EntityTypeBuilder<CodeSetMember> builder)
    {
        builder.ToTable("CodebookSetMembers");
        builder.HasKey(m => new { m.CodeSetId, m.CodeId });
        builder.HasOne(m => m.Code).WithMany().HasForeignKey(m => m.CodeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CodebookVersionConfiguration : IEntityTypeConfiguration<CodebookVersion>
{
    public void Configure(EntityTypeBuilder<CodebookVersion> builder)
    {
        builder.ToTable("CodebookVersions");
        builder.Property(v => v.CreatedById).HasMaxLength(450);
        builder.HasIndex(v => new { v.CodebookId, v.Number }).IsUnique();
        builder.HasOne(v => v.Codebook).WithMany().HasForeignKey(v => v.CodebookId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrosswalkConfiguration : IEntityTypeConfiguration<Crosswalk>
{
    public void Configure(EntityTypeBuilder<Crosswalk> builder)
    {
        builder.ToTable("CodebookCrosswalks");
        builder.Property(c => c.Note).HasMaxLength(4000);
        builder.Property(c => c.CreatedById).HasMaxLength(450);
        builder.HasIndex(c => new { c.FromCodebookId, c.ToCodebookId }).IsUnique();
        builder.HasOne(c => c.From).WithMany().HasForeignKey(c => c.FromCodebookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.To).WithMany().HasForeignKey(c => c.ToCodebookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Mappings).WithOne().HasForeignKey(m => m.CrosswalkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrosswalkMappingConfiguration : IEntityTypeConfiguration<CrosswalkMapping>
{
    public void Configure(EntityTypeBuilder<CrosswalkMapping> builder)
    {
        builder.ToTable("CodebookCrosswalkMappings");
        builder.Property(m => m.Relation).HasConversion<int>();
        builder.Property(m => m.Note).HasMaxLength(2000);
        builder.HasIndex(m => new { m.CrosswalkId, m.FromCodeGuid, m.ToCodeGuid }).IsUnique();
    }
}

internal sealed class CodedExcerptConfiguration : IEntityTypeConfiguration<CodedExcerpt>
{
    public void Configure(EntityTypeBuilder<CodedExcerpt> builder)
    {
        builder.ToTable("CodebookExcerpts");
        builder.Property(e => e.ExternalId).HasMaxLength(100);
        builder.Property(e => e.Text).HasMaxLength(8000);
        builder.Property(e => e.Visibility).HasConversion<int>();
        builder.Property(e => e.CreatedById).HasMaxLength(450);
        builder.HasIndex(e => new { e.CodebookId, e.OrganisationId, e.ExternalId }).IsUnique();
        builder.HasOne(e => e.Codebook).WithMany().HasForeignKey(e => e.CodebookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(MemberEntities.Organisation, navigationName: null).WithMany().HasForeignKey(nameof(CodedExcerpt.OrganisationId)).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Codes).WithOne().HasForeignKey(c => c.ExcerptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExcerptCodeConfiguration : IEntityTypeConfiguration<ExcerptCode>
{
    public void Configure(EntityTypeBuilder<ExcerptCode> builder)
    {
        builder.ToTable("CodebookExcerptCodes");
        builder.HasKey(c => new { c.ExcerptId, c.CodeGuid });
        builder.HasIndex(c => c.CodeGuid);
    }
}
