using System.Security.Claims;

namespace ResearchHub.Core.Modules;

/// <summary>Collects every module's menu items and keeps the ones the current user may see.</summary>
public sealed class NavigationService
{
    private readonly IEnumerable<INavigationProvider> _providers;
    private readonly PermissionService _permissions;

    public NavigationService(IEnumerable<INavigationProvider> providers, PermissionService permissions)
    {
        _providers = providers;
        _permissions = permissions;
    }

    public async Task<IReadOnlyList<NavItem>> ForAsync(NavMenu menu, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var signedIn = user.Identity?.IsAuthenticated == true;
        var items = new List<NavItem>();
        foreach (var provider in _providers)
        {
            items.AddRange(await provider.GetItemsAsync(ct));
        }

        return items
            .Where(i => i.Menu == menu)
            .Where(i => !i.SignedInOnly || signedIn)
            .Where(i => !i.AnonymousOnly || !signedIn)
            .Where(i => i.Permission is null || _permissions.Has(user, i.Permission))
            .OrderBy(i => i.Order)
            .ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();
    }
}
