using ResearchHub.Core.Modules;

namespace ResearchHub.Pages;

public sealed class Permissions : IPermissionProvider
{
    public const string Manage = "Pages.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Manage, "Create, edit, publish and delete pages, and see drafts", [HubRoles.Administrator, HubRoles.Organiser]),
    ];
}
