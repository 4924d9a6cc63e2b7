using ResearchHub.Core.Modules;

namespace ResearchHub.Federation;

public sealed class FederationNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Admin, "Harvest sources", FederationUrls.HarvestSources, 70, Permissions.ManageHarvesting),
        new(NavMenu.Admin, "Export content", FederationUrls.Export, 75, Permissions.ExportContent),
    ]);
}
