using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Settings;
using ResearchHub.Pages.Services;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Pages.Pages;

/// <summary>
/// The home page: the network's name and tagline, then above the fold the modules' home sections in
/// three columns (what needs the member, what is next, what is new since their last visit; see
/// <see cref="HomeArea"/>), then the introduction (the "HomeIntro" setting, Markdown) and the
/// published pages.
/// </summary>
public sealed class IndexModel(
    SiteSettingsService settings,
    PageService pages,
    MarkdownRenderer markdown,
    IEnumerable<IHomeSection> sections,
    TimeProvider clock) : PageModel
{
    /// <summary>The site setting holding the home page's introduction, in Markdown.</summary>
    public const string IntroSettingKey = "HomeIntro";

    public string NetworkName { get; private set; } = "";
    public string? Tagline { get; private set; }
    public string? IntroMarkdown { get; private set; }
    public IReadOnlyList<PageCard> Cards { get; private set; } = [];
    public IReadOnlyList<IHomeSection> Sections { get; } = [.. sections.OrderBy(s => s.Order)];

    /// <summary>The start of "new since your last visit", or null on a first visit.</summary>
    public DateTimeOffset? Since { get; private set; }

    public IEnumerable<IHomeSection> In(HomeArea area) => Sections.Where(s => s.Area == area);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Since = HomeVisit.Track(HttpContext, clock.GetUtcNow());
        NetworkName = await settings.NetworkNameAsync(ct);
        Tagline = await settings.GetAsync(SiteSettingKeys.Tagline, ct);
        IntroMarkdown = await settings.GetAsync(IntroSettingKey, ct);
        Cards = [.. (await pages.ListAsync(publishedOnly: true, ct)).Select(p => new PageCard(p, markdown.Excerpt(p.BodyMarkdown, 160)))];
    }

    public sealed record PageCard(Page Page, string Excerpt);
}
