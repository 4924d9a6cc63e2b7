using ResearchHub.Core.Modules;

namespace ResearchHub.MailingGroups;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Create groups, see every group's members, subscriptions, previews and delivery log.</summary>
    public const string Manage = "MailingGroups.Manage";

    /// <summary>Join groups, post and choose how to receive them.</summary>
    public const string Participate = "MailingGroups.Participate";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Manage, "Manage mailing groups: create groups, change subscriptions, preview digests, read the delivery log",
            [HubRoles.Administrator]),
        new(Participate, "Take part in mailing groups: join, post, choose digests", [.. HubRoles.All]),
    ];
}
