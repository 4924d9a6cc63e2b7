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

    /// <summary>
    /// A title with characters beyond the Basic Multilingual Plane (an emoji, a mathematical letter)
    /// reaches feed readers whole, as read back by python3-feedparser (Debian), not by our code.
    /// </summary>
    [Fact]
    public async Task Characters_outside_the_basic_multilingual_plane_survive_the_atom_feed()
    {
        var hub = await hubs.GetAsync("Sqlite");
        const string title = "Walking \U0001F6B6 together: \U0001D4D0 pathway";
        var resource = await LibraryTestHelpers.CreateResourceAsync(hub, title, null, ResearchHub.Library.Domain.ResourceVisibility.Public,
            configure: i => i.Summary = "A summary with \U0001F389 in it.");
        var feed = await hub.CreateClient().GetStringAsync(new Uri("/library/feed.atom", UriKind.Relative));

        var start = new System.Diagnostics.ProcessStartInfo(TestEnvironment.Python)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false), StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, json, feedparser; f = feedparser.parse(sys.stdin.buffer.read()); "
            + "print(json.dumps({'bozo': bool(f.bozo), 'entries': [{'title': e.title, 'summary': e.summary, 'link': e.link} for e in f.entries]}))");
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteAsync(feed);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());

        using var parsed = System.Text.Json.JsonDocument.Parse(output);
        Assert.False(parsed.RootElement.GetProperty("bozo").GetBoolean(), feed);
        var entry = parsed.RootElement.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("link").GetString()!.Contains($"/library/{resource.Id}/", StringComparison.Ordinal));
        Assert.Equal(title, entry.GetProperty("title").GetString());
        Assert.Equal("A summary with \U0001F389 in it.", entry.GetProperty("summary").GetString());
    }
}
