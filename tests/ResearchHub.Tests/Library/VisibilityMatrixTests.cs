using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Library;

/// <summary>
/// Who sees which resource, through every kind of access (page, list, download, API, feed, citation
/// export), for anonymous visitors, a member of the owning organisation, another organisation's
/// editor, the owning organisation's editor and an administrator, on both providers.
/// </summary>
public sealed class VisibilityMatrixTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private sealed record Viewer(string Name, HttpClient Browser, string? Token, ResourceVisibility[] Sees);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Every_access_path_shows_each_viewer_exactly_what_they_may_see(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var prefix = "Matrix " + Guid.NewGuid().ToString("N")[..8];

        var resources = new Dictionary<ResourceVisibility, (long Id, string Title, string Download)>();
        foreach (var visibility in Enum.GetValues<ResourceVisibility>())
        {
            var title = $"{prefix} {visibility}";
            var resource = await CreateResourceAsync(hub, title, owner.Id, visibility);
            var file = await AddFileAsync(hub, resource.Id, "notes.txt", "Notes for the matrix."u8.ToArray());
            Assert.NotNull(file.File);
            resources[visibility] = (resource.Id, title, $"/library/{resource.Id}/files/{file.File.Id}/notes.txt");
        }

        var member = await CreateUserAsync(hub, HubRoles.Member, owner.Id);
        var ownEditor = await CreateUserAsync(hub, HubRoles.PartnerEditor, owner.Id);
        var otherEditor = await CreateUserAsync(hub, HubRoles.PartnerEditor, other.Id);
        var adminUser = await hub.WithScopeAsync(async sp =>
            await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ResearchHub.Accounts.Domain.HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));

        ResourceVisibility[] all = [ResourceVisibility.Draft, ResourceVisibility.Organisation, ResourceVisibility.Network, ResourceVisibility.Public];
        var viewers = new[]
        {
            new Viewer("anonymous", hub.CreateBrowserClient(), null, [ResourceVisibility.Public]),
            new Viewer("member of the owner", await SignInAsync(hub, member), await CreateTokenAsync(hub, member, false, "read"),
                [ResourceVisibility.Organisation, ResourceVisibility.Network, ResourceVisibility.Public]),
            new Viewer("other organisation's editor", await SignInAsync(hub, otherEditor), await CreateTokenAsync(hub, otherEditor, false, "read"),
                [ResourceVisibility.Network, ResourceVisibility.Public]),
            new Viewer("owner's editor", await SignInAsync(hub, ownEditor), await CreateTokenAsync(hub, ownEditor, false, "read"), all),
            new Viewer("administrator", await SignInAdminAsync(hub), await CreateTokenAsync(hub, adminUser!, true, "read"), all),
        };

        foreach (var viewer in viewers)
        {
            var signedIn = viewer.Token is not null;
            foreach (var (visibility, (id, title, download)) in resources)
            {
                var may = viewer.Sees.Contains(visibility);
                var what = $"{viewer.Name} / {visibility}";

                // Page.
                using var page = await viewer.Browser.GetAsync(new Uri($"/library/{id}", UriKind.Relative));
                AssertAccess(page, may, signedIn, $"page for {what}", okStatus: HttpStatusCode.MovedPermanently);

                // Download.
                using var file = await viewer.Browser.GetAsync(new Uri(download, UriKind.Relative));
                AssertAccess(file, may, signedIn, $"download for {what}");
                if (may)
                {
                    Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
                    Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
                }

                // Citation export of one resource.
                using var ris = await viewer.Browser.GetAsync(new Uri($"/library/{id}/cite/ris", UriKind.Relative));
                AssertAccess(ris, may, signedIn, $"RIS for {what}");

                // API: one resource (anonymous without a token, the others with a read token).
                using var api = await ApiClient(hub, viewer.Token).GetAsync(new Uri($"/api/v1/resources/{id}", UriKind.Relative));
                Assert.True(may ? api.StatusCode == HttpStatusCode.OK : api.StatusCode == HttpStatusCode.NotFound, $"API get for {what}: {api.StatusCode}");
            }

            var expected = viewer.Sees.Select(v => resources[v].Title).Order().ToList();

            // List page (filtered to the owner, so other tests' resources do not interfere).
            var list = await viewer.Browser.GetDocumentAsync($"/library?organisation={owner.Id}&pageSize=50");
            var listed = list.QuerySelectorAll(".card__title").Select(e => e.TextContent.Trim()).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();
            Assert.True(expected.SequenceEqual(listed), $"list for {viewer.Name}: {string.Join(", ", listed)}");

            // API list: every item carries its visibility.
            using var apiList = await ApiClient(hub, viewer.Token).GetAsync(new Uri($"/api/v1/resources?organisation={owner.Id}&pageSize=100", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, apiList.StatusCode);
            using (var json = JsonDocument.Parse(await apiList.Content.ReadAsStringAsync()))
            {
                var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
                Assert.Equal(expected, items.Select(i => i.GetProperty("title").GetString()!).Order().ToList());
                Assert.All(items, i => Assert.Contains(i.GetProperty("visibility").GetString(), viewer.Sees.Select(Visibilities.Code)));
            }

            // Citation export of a filtered list.
            using var csl = await viewer.Browser.GetAsync(new Uri($"/library/cite/csl-json?organisation={owner.Id}", UriKind.Relative));
            using (var json = JsonDocument.Parse(await csl.Content.ReadAsStringAsync()))
            {
                Assert.Equal(expected, json.RootElement.EnumerateArray().Select(e => e.GetProperty("title").GetString()!).Order().ToList());
            }

            // Feed: public only, whoever asks.
            using var feed = await viewer.Browser.GetAsync(new Uri($"/library/feed.atom?organisation={owner.Id}", UriKind.Relative));
            Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType?.MediaType);
            var atom = XDocument.Parse(await feed.Content.ReadAsStringAsync());
            Assert.Equal(Atom + "feed", atom.Root!.Name);
            var entry = Assert.Single(atom.Root.Elements(Atom + "entry"));
            Assert.Equal(resources[ResourceVisibility.Public].Title, entry.Element(Atom + "title")!.Value);
            Assert.NotNull(entry.Element(Atom + "id"));
            Assert.NotNull(entry.Element(Atom + "updated"));
            Assert.NotNull(entry.Element(Atom + "author")?.Element(Atom + "name"));
        }

        // A token without "read" is refused, not treated as anonymous.
        var writeOnly = await CreateTokenAsync(hub, member, false, "write");
        using var refused = await ApiClient(hub, writeOnly).GetAsync(new Uri("/api/v1/resources", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>Allowed: success (or the page's redirect to its canonical address). Refused: visitors are sent to sign in, members get 404.</summary>
    private static void AssertAccess(HttpResponseMessage response, bool may, bool signedIn, string what, HttpStatusCode okStatus = HttpStatusCode.OK)
    {
        if (may)
        {
            Assert.True(response.StatusCode == okStatus || response.StatusCode == HttpStatusCode.OK, $"{what}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.MovedPermanently)
            {
                Assert.StartsWith("/library/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }
        else if (signedIn)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what}: {response.StatusCode}");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {response.StatusCode}");
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }
}
