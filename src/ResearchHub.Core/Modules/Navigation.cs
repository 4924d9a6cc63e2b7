using System.Security.Claims;

namespace ResearchHub.Core.Modules;

/// <summary>The menus a module can add items to.</summary>
public enum NavMenu
{
    /// <summary>The site's main navigation in the header.</summary>
    Main,
    /// <summary>The administration menu, shown to those holding the item's permission.</summary>
    Admin,
    /// <summary>The signed-in member's own menu (profile, tokens, sign out).</summary>
    User,
    /// <summary>The network's own pages (about, contact, how to join): a secondary menu in the footer, apart from the application's sections.</summary>
    Site,
}

/// <param name="Permission">When set, the item is shown only to users holding this permission.</param>
/// <param name="SignedInOnly">When true, the item is shown only to signed-in users.</param>
/// <param name="AnonymousOnly">When true, the item is shown only to visitors who are not signed in.</param>
public sealed record NavItem(
    NavMenu Menu,
    string Text,
    string Url,
    int Order,
    string? Permission = null,
    bool SignedInOnly = false,
    bool AnonymousOnly = false);

/// <summary>A module's contribution to the site's menus (scoped: it may read the database).</summary>
public interface INavigationProvider
{
    ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct);
}

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
