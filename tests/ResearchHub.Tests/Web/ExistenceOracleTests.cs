using System.Net;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Web;

/// <summary>
/// One rule for ids of kinds that can be non-public (issue 13, item 10): an anonymous visitor is
/// sent to sign in whether the id is hidden or does not exist at all, and a signed-in member who may
/// not see it gets 404 for both, so no answer tells a hidden thing from a missing one.
/// </summary>
public sealed class ExistenceOracleTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    private const long Missing = 987_654_321;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Hidden_and_missing_ids_get_the_same_answer_from_pages_and_downloads(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var draft = await CreateResourceAsync(hub, $"Hidden draft {Guid.NewGuid():N}", owner.Id, ResourceVisibility.Draft);
        var start = FutureDay(30, 10);
        var meeting = await CreateMeetingAsync(hub, $"Network meeting {Guid.NewGuid():N}", start, start.AddHours(1), visibility: ResearchHub.Meetings.Domain.MeetingVisibility.Network);

        string[] hidden = [$"/library/{draft.Id}", $"/library/{draft.Id}/versions", $"/library/{draft.Id}/cite/bibtex", $"/meetings/{meeting}", $"/meetings/{meeting}/calendar.ics", $"/meetings/{meeting}/agenda"];
        string[] missing = [$"/library/{Missing}", $"/library/{Missing}/versions", $"/library/{Missing}/cite/bibtex", $"/meetings/{Missing}", $"/meetings/{Missing}/calendar.ics", $"/meetings/{Missing}/agenda", $"/codebooks/{Missing}"];

        var anonymous = hub.CreateBrowserClient();
        foreach (var url in hidden.Concat(missing))
        {
            using var response = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url} for a visitor: {response.StatusCode}");
            var location = response.Headers.Location!;
            Assert.StartsWith("/account/sign-in", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString, StringComparison.Ordinal);
        }

        // A member of another organisation, and an editor of another organisation: 404 for the draft as for nothing.
        var elsewhere = await CreateOrganisationAsync(hub);
        foreach (var role in new[] { HubRoles.Member, HubRoles.PartnerEditor })
        {
            var member = await SignInAsync(hub, await CreateUserAsync(hub, role, elsewhere.Id));
            // (Editing is for partner editors: a member is refused the edit form for any id alike, by role.)
            string[] urls = role == HubRoles.PartnerEditor
                ? [$"/library/{draft.Id}", $"/library/{draft.Id}/edit", $"/library/{Missing}", $"/library/{Missing}/edit", $"/codebooks/{Missing}"]
                : [$"/library/{draft.Id}", $"/library/{Missing}", $"/library/{draft.Id}/versions", $"/codebooks/{Missing}"];
            foreach (var url in urls)
            {
                using var response = await member.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} for a {role}: {response.StatusCode}");
            }
        }
    }
}
