namespace ResearchHub.Core.Modules;

/// <summary>A module's contribution to the site's menus (scoped: it may read the database).</summary>
public interface INavigationProvider
{
    ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct);
}
