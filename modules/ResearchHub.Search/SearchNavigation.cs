using ResearchHub.Core.Modules;

namespace ResearchHub.Search;

public sealed class SearchNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Search", "/search", 20),
        new(NavMenu.Admin, "Search index", "/admin/search", 80, Permissions.Manage),
    ]);
}
