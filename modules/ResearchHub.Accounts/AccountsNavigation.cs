using ResearchHub.Core.Modules;

namespace ResearchHub.Accounts;

public sealed class AccountsNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.User, "Sign in", AccountsUrls.SignIn, 0, AnonymousOnly: true),
        new(NavMenu.User, "Profile", AccountsUrls.Profile, 10, SignedInOnly: true),
        new(NavMenu.User, "API tokens", AccountsUrls.Tokens, 20, SignedInOnly: true),
        new(NavMenu.Admin, "Members", "/admin/members", 10, Permissions.ManageMembers),
        new(NavMenu.Admin, "Organisations", "/admin/organisations", 20, Permissions.ManageOrganisations),
        new(NavMenu.Admin, "Organisation sign-in", "/admin/organisation-sign-in", 25, Permissions.ManageOrganisations),
        new(NavMenu.Admin, "Invitations", "/admin/invitations", 30, Permissions.ManageInvitations),
        new(NavMenu.Admin, "OAuth applications", "/admin/openid-clients", 40, Permissions.ManageOpenIdClients),
        new(NavMenu.Admin, "Audit log", "/admin/audit", 90, Permissions.ViewAuditLog),
    ]);
}
