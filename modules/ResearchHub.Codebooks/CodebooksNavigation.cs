using ResearchHub.Core.Modules;

namespace ResearchHub.Codebooks;

public sealed class CodebooksNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Codebooks", CodebooksUrls.List, 50),
    ]);
}
