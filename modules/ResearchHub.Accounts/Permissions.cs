using ResearchHub.Core.Modules;

namespace ResearchHub.Accounts;

public sealed class Permissions : IPermissionProvider
{
    public const string ManageMembers = "Accounts.ManageMembers";
    public const string ManageOrganisations = "Accounts.ManageOrganisations";
    public const string ManageInvitations = "Accounts.ManageInvitations";
    public const string ViewAuditLog = "Accounts.ViewAuditLog";
    public const string ManageOpenIdClients = "Accounts.ManageOpenIdClients";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ManageMembers, "Change members' roles, lock and unlock accounts", [HubRoles.Administrator]),
        new(ManageOrganisations, "Create and edit organisations", [HubRoles.Administrator]),
        new(ManageInvitations, "Invite members and withdraw invitations", [HubRoles.Administrator]),
        new(ViewAuditLog, "Read the audit log", [HubRoles.Administrator]),
        new(ManageOpenIdClients, "Register and delete OAuth applications", [HubRoles.Administrator]),
    ];
}
