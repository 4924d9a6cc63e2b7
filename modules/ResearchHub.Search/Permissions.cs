using ResearchHub.Core.Modules;

namespace ResearchHub.Search;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>See the index's state and rebuild it.</summary>
    public const string Manage = "Search.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Manage, "See the search index's state and rebuild it", [HubRoles.Administrator]),
    ];
}
