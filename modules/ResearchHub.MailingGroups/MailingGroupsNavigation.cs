using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups;

public sealed class MailingGroupsNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Groups", MailingGroupsUrls.Index, 40, Permissions.Participate),
        new(NavMenu.User, "Group subscriptions", MailingGroupsUrls.MySubscriptions, 40, SignedInOnly: true),
        new(NavMenu.Admin, "Mailing groups", MailingGroupsUrls.Admin, 60, Permissions.Manage),
    ]);
}
