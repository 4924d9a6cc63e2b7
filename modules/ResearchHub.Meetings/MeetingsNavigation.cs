using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings;

public sealed class MeetingsNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Meetings", MeetingsUrls.Index, 30),
        new(NavMenu.User, "Calendar feed", MeetingsUrls.CalendarSettings, 30, SignedInOnly: true),
        new(NavMenu.Admin, "Meetings dashboard", MeetingsUrls.Dashboard, 50, Permissions.Manage),
    ]);
}
