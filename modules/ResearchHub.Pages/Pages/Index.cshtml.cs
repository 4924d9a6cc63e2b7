using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Settings;
using ResearchHub.Pages.Services;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Pages.Pages;

/// <summary>
/// The home page: the network's name and tagline, a short introduction (the "HomeIntro" setting,
/// Markdown), the published pages, then every module's home section ("what is new", "what is next").
/// </summary>
public sealed class IndexModel(
    SiteSettingsService settings,
    PageService pages,
    MarkdownRenderer markdown,
    IEnumerable<IHomeSection> sections) : PageModel
{
    /// <summary>The site setting holding the home page's introduction, in Markdown.</summary>
    public const string IntroSettingKey = "HomeIntro";

    public string NetworkName { get; private set; } = "";
    public string? Tagline { get; private set; }
    public string? IntroMarkdown { get; private set; }
    public IReadOnlyList<PageCard> Cards { get; private set; } = [];
    public IReadOnlyList<IHomeSection> Sections { get; } = [.. sections.OrderBy(s => s.Order)];

    public async Task OnGetAsync(CancellationToken ct)
    {
        NetworkName = await settings.NetworkNameAsync(ct);
        Tagline = await settings.GetAsync(SiteSettingKeys.Tagline, ct);
        IntroMarkdown = await settings.GetAsync(IntroSettingKey, ct);
        Cards = [.. (await pages.ListAsync(publishedOnly: true, ct)).Select(p => new PageCard(p, markdown.Excerpt(p.BodyMarkdown, 160)))];
    }

    public sealed record PageCard(Page Page, string Excerpt);
}
