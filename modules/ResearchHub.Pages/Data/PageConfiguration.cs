using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages.Data;

internal sealed class PageConfiguration : IEntityTypeConfiguration<Page>
{
    public void Configure(EntityTypeBuilder<Page> b)
    {
        b.ToTable("Pages");
        b.Property(p => p.Slug).HasMaxLength(PageRules.SlugMaxLength);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Title).HasMaxLength(PageRules.TitleMaxLength);

        // The main menu is read on every request: published pages by menu position.
        b.HasIndex(p => new { p.Published, p.NavOrder });
    }
}
