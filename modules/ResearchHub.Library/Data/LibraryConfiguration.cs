using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Core.Members;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Data;

internal sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.ToTable("LibraryResources");
        builder.Property(r => r.Slug).HasMaxLength(100);
        builder.HasIndex(r => r.Slug).IsUnique();
        builder.Property(r => r.Kind).HasConversion<int>();
        builder.Property(r => r.Visibility).HasConversion<int>();
        builder.Property(r => r.EvaluationStatus).HasConversion<int?>();
        builder.Property(r => r.Title).HasMaxLength(300);
        builder.Property(r => r.Summary).HasMaxLength(2000);
        builder.Property(r => r.Licence).HasMaxLength(200);
        builder.Property(r => r.ExternalUrl).HasMaxLength(2000);
        builder.Property(r => r.Doi).HasMaxLength(300);
        builder.Property(r => r.Language).HasMaxLength(35);
        builder.Property(r => r.Publisher).HasMaxLength(300);
        builder.Property(r => r.CreatedById).HasMaxLength(450);
        builder.Ignore(r => r.Year);

        // The owning organisation is an Accounts organisation: deleting one that still owns resources is refused.
        builder.HasOne(MemberEntities.Organisation, navigationName: null).WithMany().HasForeignKey(nameof(Resource.OwnerOrganisationId)).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Resource>().WithMany().HasForeignKey(r => r.SupersededById).OnDelete(DeleteBehavior.SetNull);

        builder.HasMany(r => r.Authors).WithOne().HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Organisations).WithOne().HasForeignKey(o => o.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Terms).WithOne().HasForeignKey(t => t.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Questions).WithOne().HasForeignKey(q => q.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.ResourceId).OnDelete(DeleteBehavior.Cascade);

        // The list's filters and sorts. (The default order's expression index and the list's covering index
        // are in the migration 20261209300000_LibraryListIndexes: the model cannot say them.)
        builder.HasIndex(r => new { r.Visibility, r.PublishedAt });
        builder.HasIndex(r => new { r.OwnerOrganisationId, r.Visibility });
        builder.HasIndex(r => new { r.Kind, r.PublishedAt });
    }
}

internal sealed class ResourceAuthorConfiguration : IEntityTypeConfiguration<ResourceAuthor>
{
    public void Configure(EntityTypeBuilder<ResourceAuthor> builder)
    {
        builder.ToTable("LibraryResourceAuthors");
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Orcid).HasMaxLength(19);
        builder.HasIndex(a => new { a.ResourceId, a.Position });
    }
}

internal sealed class ResourceOrganisationConfiguration : IEntityTypeConfiguration<ResourceOrganisation>
{
    public void Configure(EntityTypeBuilder<ResourceOrganisation> builder)
    {
        builder.ToTable("LibraryResourceOrganisations");
        builder.HasKey(o => new { o.ResourceId, o.OrganisationId });
        builder.HasOne(MemberEntities.Organisation, navigationName: null).WithMany().HasForeignKey(nameof(ResourceOrganisation.OrganisationId)).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.OrganisationId);
    }
}

internal sealed class ResourceTermConfiguration : IEntityTypeConfiguration<ResourceTerm>
{
    public void Configure(EntityTypeBuilder<ResourceTerm> builder)
    {
        builder.ToTable("LibraryResourceTerms");
        builder.HasKey(t => new { t.ResourceId, t.TermId });
        builder.HasOne(t => t.Term).WithMany().HasForeignKey(t => t.TermId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.TermId);
    }
}

internal sealed class ResourceQuestionConfiguration : IEntityTypeConfiguration<ResourceQuestion>
{
    public void Configure(EntityTypeBuilder<ResourceQuestion> builder)
    {
        builder.ToTable("LibraryResourceQuestions");
        builder.HasKey(q => new { q.ResourceId, q.QuestionId });
        builder.HasOne(q => q.Question).WithMany().HasForeignKey(q => q.QuestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => q.QuestionId);
    }
}

internal sealed class ResourceFileConfiguration : IEntityTypeConfiguration<ResourceFile>
{
    public void Configure(EntityTypeBuilder<ResourceFile> builder)
    {
        builder.ToTable("LibraryFiles");
        builder.Property(f => f.FileName).HasMaxLength(260);
        builder.Property(f => f.ContentType).HasMaxLength(200);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.UploadedById).HasMaxLength(450);
        builder.Property(f => f.ExtractionState).HasConversion<int>();
        builder.Property(f => f.ExtractionError).HasMaxLength(1000);
        builder.Property(f => f.LeaseOwner).HasMaxLength(128);
        builder.HasIndex(f => new { f.ExtractionState, f.LeaseUntil });
        builder.HasIndex(f => f.Sha256);
    }
}

internal sealed class ResourceEventConfiguration : IEntityTypeConfiguration<ResourceEvent>
{
    public void Configure(EntityTypeBuilder<ResourceEvent> builder)
    {
        builder.ToTable("LibraryResourceEvents");
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        builder.HasOne<Resource>().WithMany().HasForeignKey(e => e.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ResourceId, e.At });
    }
}

internal sealed class ResourceVersionConfiguration : IEntityTypeConfiguration<ResourceVersion>
{
    public void Configure(EntityTypeBuilder<ResourceVersion> builder)
    {
        builder.ToTable("LibraryResourceVersions");
        builder.Property(v => v.CreatedById).HasMaxLength(450);
        builder.Property(v => v.CreatedByName).HasMaxLength(256);
        builder.HasOne<Resource>().WithMany().HasForeignKey(v => v.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ResourceId, v.Number }).IsUnique();
    }
}

internal sealed class VocabularyTermConfiguration : IEntityTypeConfiguration<VocabularyTerm>
{
    public void Configure(EntityTypeBuilder<VocabularyTerm> builder)
    {
        builder.ToTable("LibraryVocabularyTerms");
        builder.Property(t => t.Vocabulary).HasMaxLength(40);
        builder.Property(t => t.Key).HasMaxLength(100);
        builder.Property(t => t.Label).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(1000);
        builder.HasIndex(t => new { t.Vocabulary, t.Key }).IsUnique();
    }
}

internal sealed class EvaluationQuestionConfiguration : IEntityTypeConfiguration<EvaluationQuestion>
{
    public void Configure(EntityTypeBuilder<EvaluationQuestion> builder)
    {
        builder.ToTable("LibraryEvaluationQuestions");
        builder.Property(q => q.Key).HasMaxLength(100);
        builder.Property(q => q.Text).HasMaxLength(500);
        builder.Property(q => q.Description).HasMaxLength(2000);
        builder.HasIndex(q => q.Key).IsUnique();
    }
}
