using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Pages.Domain;
using ResearchHub.Pages.Services;
using ResearchHub.Tests.Infrastructure;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Tests.Pages;

/// <summary>Pages made directly through <see cref="PageService"/>, and the page form's fields.</summary>
internal static class PagesTestHelpers
{
    /// <summary>A slug no other test uses: "prefix-1a2b3c4d".</summary>
    public static string UniqueSlug(string prefix = "page") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static Task<Page> CreatePageAsync(
        HubFactory hub, string slug, string title, string body = "Some text.", int? navOrder = null, bool published = true) =>
        hub.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<PageService>()
                .CreateAsync(new PageDraft(slug, title, body, navOrder, published), CancellationToken.None);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
            return result.Page!;
        });

    public static Task<int> PageCountAsync(HubFactory hub) => hub.WithDbAsync(db => db.Set<Page>().CountAsync());

    public static Task<Page?> FindBySlugAsync(HubFactory hub, string slug) =>
        hub.WithDbAsync(db => db.Set<Page>().AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug));

    /// <summary>The page form's fields as a browser would send them.</summary>
    public static Dictionary<string, string> PageForm(string title, string slug, string body = "", string navOrder = "", bool published = true) => new()
    {
        ["Input.Title"] = title,
        ["Input.Slug"] = slug,
        ["Input.BodyMarkdown"] = body,
        ["Input.NavOrder"] = navOrder,
        ["Input.Published"] = published ? "true" : "false",
    };
}
