using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups;

public sealed class MailingGroupsNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Groups", GroupUrls.Index, 40, Permissions.Participate),
        new(NavMenu.User, "Group subscriptions", GroupUrls.MySubscriptions, 40, SignedInOnly: true),
        new(NavMenu.Admin, "Mailing groups", GroupUrls.Admin, 60, Permissions.Manage),
    ]);
}
