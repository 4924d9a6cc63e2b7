using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages;

/// <summary>Published pages with a menu position go in the network's own menu (the footer's); "Pages" in the admin menu.</summary>
public sealed class PagesNavigation(HubDbContext db, ContentCache cache) : INavigationProvider
{
    // The layout asks for each menu in turn; one read per request is enough (the provider is scoped),
    // and none while content has not changed (ContentCache).
    private IReadOnlyList<NavItem>? _items;

    public async ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct)
    {
        if (_items is not null)
        {
            return _items;
        }

        var pages = await cache.GetOrReadAsync("pages:navigation", async c => await db.Set<Page>().AsNoTracking()
            .Where(p => p.Published && p.NavOrder != null)
            .Select(p => new MenuPage(p.Slug, p.Title, p.NavOrder!.Value))
            .ToListAsync(c), ct);

        _items =
        [
            .. pages.Select(p => new NavItem(NavMenu.Site, p.Title, PagesUrls.Show(p.Slug), p.NavOrder)),
            new(NavMenu.Admin, "Pages", PagesUrls.Admin, 40, Permissions.Manage),
        ];
        return _items;
    }

    private sealed record MenuPage(string Slug, string Title, int NavOrder);
}
