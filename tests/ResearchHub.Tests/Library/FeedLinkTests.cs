using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Library;

/// <summary>The Atom feed is advertised in the head of the home and library pages, as feed readers look for it.</summary>
public sealed class FeedLinkTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("/", "/library/feed.atom")]
    [InlineData("/library", "/library/feed.atom")]
    [InlineData("/library?kind=Evaluation", "/library/feed.atom?kind=evaluation")]
    public async Task The_page_head_links_to_the_atom_feed(string page, string feed)
    {
        var hub = await hubs.GetAsync("Sqlite");
        var client = hub.CreateBrowserClient();

        var document = await client.GetDocumentAsync(page);

        var links = document.Head!.QuerySelectorAll("link[rel=alternate][type='application/atom+xml']")
            .Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains(feed, links);
        Assert.Single(links);
    }
}
