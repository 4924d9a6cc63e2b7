using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>
/// Draft, organisation-only and network resources never appear for those who may not see them:
/// not in results, not in the count, not in a facet value, on both providers, through the API
/// (tokens) and the page (cookies).
/// </summary>
public sealed class SearchVisibilityTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_viewer_finds_and_counts_only_what_they_may_see(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var titles = new Dictionary<ResourceVisibility, string>();
        var partners = new Dictionary<ResourceVisibility, string>();
        foreach (var visibility in Enum.GetValues<ResourceVisibility>())
        {
            // Each resource names its own contributing organisation, so a leaked facet value would show.
            var partner = await CreateOrganisationAsync(hub, $"Partner {visibility} {word}");
            titles[visibility] = $"{visibility} study {word}";
            partners[visibility] = partner.Name;
            await CreateResourceAsync(hub, titles[visibility], owner.Id, visibility, configure: i => i.OrganisationIds = [partner.Id]);
        }

        var member = await CreateUserAsync(hub, HubRoles.Member, owner.Id);
        var ownEditor = await CreateUserAsync(hub, HubRoles.PartnerEditor, owner.Id);
        var otherEditor = await CreateUserAsync(hub, HubRoles.PartnerEditor, other.Id);
        var admin = await hub.WithScopeAsync(async sp => await sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));

        ResourceVisibility[] all = [ResourceVisibility.Draft, ResourceVisibility.Organisation, ResourceVisibility.Network, ResourceVisibility.Public];
        var viewers = new (string Name, HttpClient Api, HttpClient Browser, ResourceVisibility[] Sees)[]
        {
            ("anonymous", ApiClient(hub, null), hub.CreateBrowserClient(), [ResourceVisibility.Public]),
            ("member of the owner", ApiClient(hub, await CreateTokenAsync(hub, member, false, "read")), await SignInAsync(hub, member),
                [ResourceVisibility.Organisation, ResourceVisibility.Network, ResourceVisibility.Public]),
            ("other organisation's editor", ApiClient(hub, await CreateTokenAsync(hub, otherEditor, false, "read")), await SignInAsync(hub, otherEditor),
                [ResourceVisibility.Network, ResourceVisibility.Public]),
            ("owner's editor", ApiClient(hub, await CreateTokenAsync(hub, ownEditor, false, "read")), await SignInAsync(hub, ownEditor), all),
            ("administrator", ApiClient(hub, await CreateTokenAsync(hub, admin!, true, "read")), await SignInAdminAsync(hub), all),
        };

        foreach (var viewer in viewers)
        {
            var expected = viewer.Sees.Select(v => titles[v]).Order().ToList();
            var result = await ApiAsync(viewer.Api, word);
            Assert.Equal(expected, Titles(result).Order().ToList());
            Assert.Equal(expected.Count, result.GetProperty("total").GetInt32());
            var facets = FacetValues(result);
            Assert.Equal(viewer.Sees.Length, result.GetProperty("facets").GetProperty("kind").EnumerateArray().Single().GetProperty("count").GetInt32());
            foreach (var visibility in Enum.GetValues<ResourceVisibility>())
            {
                Assert.True(viewer.Sees.Contains(visibility) == facets.Contains("org:" + partners[visibility]), $"{viewer.Name}: facet for {visibility}");
            }

            // Filtering by an invisible resource's organisation finds nothing, and says so.
            foreach (var hidden in all.Except(viewer.Sees))
            {
                var filtered = await ApiAsync(viewer.Api, $"{word} org:\"{partners[hidden]}\"");
                Assert.Equal(0, filtered.GetProperty("total").GetInt32());
            }

            var (page, pageTitles) = await PageAsync(viewer.Browser, word);
            Assert.Equal(expected, pageTitles.Order().ToList());
            Assert.Contains($"{expected.Count} result", page.Document.QuerySelector(".search-results__count")!.TextContent, StringComparison.Ordinal);
            foreach (var hidden in all.Except(viewer.Sees))
            {
                Assert.DoesNotContain(partners[hidden], page.Html, StringComparison.Ordinal);
            }
        }
    }
}
