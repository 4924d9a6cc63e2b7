using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Search;
using ResearchHub.Library;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>
/// "Related resources" on a resource page come from the search index (more like this over the text),
/// with the viewer's visibility applied: a resource the viewer may not see is never offered, on the
/// page or by the index itself, on both providers.
/// </summary>
public sealed class RelatedResourcesTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Related_resources_are_the_most_alike_that_the_viewer_may_see(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var (w1, w2, w3) = (Word(), Word(), Word());
        Action<ResourceInput> text = i =>
        {
            i.Summary = $"How {w1} and {w2} shaped the {w3} programme: {w1} in schools, {w2} at home.";
            i.Body = $"The {w1} study followed {w2} families; {w3} outcomes were measured twice.";
        };
        var shown = await CreateResourceAsync(hub, $"Evaluation of {w1} {w2}", owner.Id, ResourceVisibility.Public, configure: text);
        var alike = await CreateResourceAsync(hub, $"Review of {w1} {w3}", owner.Id, ResourceVisibility.Public, configure: text);
        var organisationOnly = await CreateResourceAsync(hub, $"Internal notes on {w2} {w3}", owner.Id, ResourceVisibility.Organisation, configure: text);
        var draft = await CreateResourceAsync(hub, $"Draft plan for {w1} {w2} {w3}", owner.Id, ResourceVisibility.Draft, configure: text);

        var member = await CreateUserAsync(hub, HubRoles.Member, owner.Id);
        var otherEditor = await CreateUserAsync(hub, HubRoles.PartnerEditor, other.Id);
        var viewers = new (string Name, HttpClient Browser, Resource[] Sees)[]
        {
            ("anonymous", hub.CreateBrowserClient(), [alike]),
            ("other organisation's editor", await SignInAsync(hub, otherEditor), [alike]),
            ("member of the owner", await SignInAsync(hub, member), [alike, organisationOnly]),
        };
        Resource[] all = [alike, organisationOnly, draft];
        foreach (var viewer in viewers)
        {
            var page = await viewer.Browser.GetDocumentAsync(LibraryUrls.Show(shown));
            var heading = page.QuerySelectorAll("h2").SingleOrDefault(h => h.TextContent.Trim() == "Related resources");
            Assert.True(heading is not null, $"{viewer.Name}: no related resources");
            var related = heading!.NextElementSibling!.QuerySelectorAll("li a").Select(a => a.TextContent.Trim()).ToList();
            foreach (var resource in all)
            {
                Assert.True(viewer.Sees.Contains(resource) == related.Contains(resource.Title), $"{viewer.Name}: {resource.Title} in [{string.Join(", ", related)}]");
            }

            foreach (var hidden in all.Except(viewer.Sees))
            {
                Assert.DoesNotContain(hidden.Title, page.Body!.InnerHtml, StringComparison.Ordinal);
            }
        }

        // The index itself never offers what the viewer may not see (the page checks again, as a second guard).
        var anonymous = await hub.WithScopeAsync(sp => sp.GetRequiredService<IRelatedDocuments>().KeysLikeAsync(
            ResourceSearchSource.TypeName, Key(shown), new ClaimsPrincipal(new ClaimsIdentity()), 10, CancellationToken.None));
        Assert.Contains(Key(alike), anonymous);
        Assert.DoesNotContain(Key(organisationOnly), anonymous);
        Assert.DoesNotContain(Key(draft), anonymous);
        Assert.DoesNotContain(Key(shown), anonymous);
    }

    private static string Word() => "zr" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private static string Key(Resource resource) => resource.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
