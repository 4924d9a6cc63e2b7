namespace ResearchHub.Pages.Domain;

/// <summary>A page of the site, written in Markdown and served at /pages/{slug}.</summary>
public sealed class Page
{
    public long Id { get; set; }

    /// <summary>The page's address under /pages/: unique, lowercase letters, digits and hyphens.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string BodyMarkdown { get; set; } = "";

    /// <summary>Position in the site's main menu, lower first; null keeps the page out of the menu.</summary>
    public int? NavOrder { get; set; }

    /// <summary>Unpublished pages (drafts) are seen only by those who manage pages.</summary>
    public bool Published { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
