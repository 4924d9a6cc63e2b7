using ResearchHub.Core.Modules;

namespace ResearchHub.Web;

/// <summary>Permissions and menu items of the host's own pages (the kernel's mail outbox).</summary>
public sealed class HostPermissions : IPermissionProvider, INavigationProvider
{
    public const string ManageMail = "Host.ManageMail";

    public IEnumerable<Permission> GetPermissions() =>
        [new(ManageMail, "See the mail outbox and send test emails", [HubRoles.Administrator])];

    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) =>
        ValueTask.FromResult<IEnumerable<NavItem>>([new NavItem(NavMenu.Admin, "Mail", "/admin/mail", 80, ManageMail)]);
}
