using ResearchHub.Core.Modules;

namespace ResearchHub.Web;

/// <summary>Permissions and menu items of the host's own pages (the kernel's mail outbox, the site's address).</summary>
public sealed class HostPermissions : IPermissionProvider, INavigationProvider
{
    public const string ManageMail = "Host.ManageMail";
    public const string ManageSite = "Host.ManageSite";

    public IEnumerable<Permission> GetPermissions() =>
        [
            new(ManageMail, "See the mail outbox and send test emails", [HubRoles.Administrator]),
            new(ManageSite, "Change the site's address", [HubRoles.Administrator]),
        ];

    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) =>
        ValueTask.FromResult<IEnumerable<NavItem>>(
        [
            new NavItem(NavMenu.Admin, "Mail", "/admin/mail", 80, ManageMail),
            new NavItem(NavMenu.Admin, "Site address", "/admin/site-address", 85, ManageSite),
        ]);
}
