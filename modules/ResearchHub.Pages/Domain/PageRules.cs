using System.Text;

namespace ResearchHub.Pages.Domain;

/// <summary>What a page's fields may hold: one set of rules for the admin forms and the recipe step.</summary>
public static class PageRules
{
    public const int SlugMaxLength = 100;
    public const int TitleMaxLength = 200;

    /// <summary>Generous, but stops a pasted file from filling the database.</summary>
    public const int BodyMaxLength = 200_000;

    /// <summary>
    /// Words a page's address may not be: they name the site's own areas, or would read as one
    /// (a page called "admin" invites phishing), and some are kept for modules still to come.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "_content", "_framework", "account", "accounts", "admin", "api", "calendar", "codebooks", "error",
        "feed", "feeds", "files", "groups", "healthz", "library", "login", "logout", "meetings", "new",
        "oai", "pages", "readyz", "search", "sign-in", "sign-out", "static",
    };

    /// <summary>Trims and lowercases what someone typed as an address.</summary>
    public static string NormaliseSlug(string? slug) => (slug ?? "").Trim().ToLowerInvariant();

    /// <summary>An address made from a title: "Get involved!" becomes "get-involved".</summary>
    public static string SlugFromTitle(string? title)
    {
        var slug = new StringBuilder();
        foreach (var c in ResearchHub.Core.Text.AsciiFolding.Fold(title ?? "").ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                // Spaces and punctuation become one hyphen; letters were folded to ASCII ("café" -> "cafe", "Łódź" -> "lodz").
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length <= SlugMaxLength ? result : result[..SlugMaxLength].TrimEnd('-');
    }

    /// <summary>The problems with a page's fields, each naming the field; empty when it is valid.</summary>
    public static IReadOnlyList<PageError> Validate(PageDraft draft)
    {
        var errors = new List<PageError>();
        var slug = NormaliseSlug(draft.Slug);
        if (slug.Length == 0)
        {
            errors.Add(new(nameof(PageDraft.Slug), "Enter the page's address"));
        }
        else if (slug.Length > SlugMaxLength)
        {
            errors.Add(new(nameof(PageDraft.Slug), $"The address must be {SlugMaxLength} characters or fewer"));
        }
        else if (!IsWellFormedSlug(slug))
        {
            errors.Add(new(nameof(PageDraft.Slug),
                "The address can only contain lowercase letters a to z, numbers and hyphens, and must start and end with a letter or number"));
        }
        else if (ReservedSlugs.Contains(slug))
        {
            errors.Add(new(nameof(PageDraft.Slug), $"\"{slug}\" is reserved for the site's own use: choose another address"));
        }

        var title = (draft.Title ?? "").Trim();
        if (title.Length == 0)
        {
            errors.Add(new(nameof(PageDraft.Title), "Enter a title"));
        }
        else if (title.Length > TitleMaxLength)
        {
            errors.Add(new(nameof(PageDraft.Title), $"The title must be {TitleMaxLength} characters or fewer"));
        }

        if ((draft.BodyMarkdown ?? "").Length > BodyMaxLength)
        {
            errors.Add(new(nameof(PageDraft.BodyMarkdown), $"The text must be {BodyMaxLength:N0} characters or fewer"));
        }

        if (draft.NavOrder is < 0 or > 10_000)
        {
            errors.Add(new(nameof(PageDraft.NavOrder), "The menu position must be a whole number from 0 to 10,000"));
        }

        return errors;
    }

    private static bool IsWellFormedSlug(string slug) =>
        slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && slug[0] != '-' && slug[^1] != '-';
}

/// <summary>A page as someone wants it to be, before it is checked and saved.</summary>
public sealed record PageDraft(string? Slug, string? Title, string? BodyMarkdown, int? NavOrder, bool Published);

/// <param name="Field">The <see cref="PageDraft"/> property at fault.</param>
public sealed record PageError(string Field, string Message);
