using ResearchHub.Core.Modules;

namespace ResearchHub.Search;

public sealed class SearchNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Search", SearchUrls.Page, 20),
        new(NavMenu.Admin, "Search index", SearchUrls.Admin, 80, Permissions.Manage),
    ]);
}
