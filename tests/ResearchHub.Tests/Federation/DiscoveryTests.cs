using System.Xml.Linq;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>Scholarly indexes find the records: citation_* and DC.* meta tags on public resource pages, and /sitemap.xml.</summary>
public sealed class DiscoveryTests(FederationHubs hubs) : IClassFixture<FederationHubs>
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Public_resource_pages_carry_citation_and_dublin_core_meta_tags_and_the_sitemap_lists_public_pages(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var open = await CreateResourceAsync(hub, "Discoverable evaluation", owner.Id, ResourceVisibility.Public, ResourceKind.Evaluation,
            i => { i.Doi = "10.1234/discover.1"; i.Licence = "CC BY 4.0"; });
        var network = await CreateResourceAsync(hub, "Members only", owner.Id, ResourceVisibility.Network);

        var page = await hub.CreateBrowserClient().GetDocumentAsync($"/library/{open.Id}/{open.Slug}");
        string[] Meta(string name) => page.QuerySelectorAll($"head meta[name='{name}']").Select(m => m.GetAttribute("content")!).ToArray();
        Assert.Equal(["Discoverable evaluation"], Meta("citation_title"));
        Assert.Equal(["Ada Lovelace"], Meta("citation_author"));
        Assert.Equal(["2019/05/31"], Meta("citation_publication_date"));
        Assert.Equal(["10.1234/discover.1"], Meta("citation_doi"));
        Assert.Equal([owner.Name], Meta("citation_publisher"));
        Assert.Equal(["Discoverable evaluation"], Meta("DC.title"));
        Assert.Equal(["2019-05-31"], Meta("DC.date"));
        Assert.Contains("https://doi.org/10.1234/discover.1", Meta("DC.identifier"));
        Assert.Equal(["CC BY 4.0"], Meta("DC.rights"));
        Assert.NotNull(page.QuerySelector("head link[rel='schema.DC']"));

        // An administrator sees the network-only resource, but it carries no tags for indexes.
        var admin = await SignInAdminAsync(hub);
        var hidden = await admin.GetDocumentAsync($"/library/{network.Id}/{network.Slug}");
        Assert.Empty(hidden.QuerySelectorAll("head meta[name^='citation_']"));

        using var response = await hub.CreateClient().GetAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var sitemap = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var locations = sitemap.Descendants(Sitemap + "loc").Select(l => l.Value).ToList();
        Assert.Contains($"{HubFactory.BaseUrl}/library/{open.Id}/{open.Slug}", locations);
        Assert.DoesNotContain($"{HubFactory.BaseUrl}/library/{network.Id}/{network.Slug}", locations);
        Assert.Contains($"{HubFactory.BaseUrl}/", locations);
        Assert.Equal(locations.Count, locations.Distinct().Count());
    }
}
