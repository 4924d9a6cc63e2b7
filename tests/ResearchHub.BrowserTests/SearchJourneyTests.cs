using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// Search's acceptance journey in Chromium on the demo network: a signed-in member types a question
/// in the header box, gets ranked results with highlighted words and facets, narrows them with a
/// facet link, and the URL reproduces the page. axe-core checks /search.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SearchJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_member_searches_from_the_header_narrows_by_a_facet_and_the_url_reproduces_the_page()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);

        // The header box, on every page.
        await page.GetByRole(AriaRole.Search, new() { Name = "Site search" }).GetByLabel("Search").FillAsync("how was local area coordination evaluated");
        await page.GetByRole(AriaRole.Search, new() { Name = "Site search" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/search");

        var hits = page.Locator(".search-hit");
        Assert.True(await hits.CountAsync() >= 2, "several results");
        Assert.True(await page.Locator(".search-hit__snippet mark").CountAsync() > 0, "highlighted words in the snippets");
        var facets = page.GetByRole(AriaRole.Complementary, new() { Name = "Narrow the results" });
        await Assertions.Expect(facets.GetByRole(AriaRole.Heading, new() { Name = "Kind" })).ToBeVisibleAsync();
        var before = await hits.CountAsync();
        var axe = await Axe.RunAsync(page);

        // A facet link narrows the results to that kind.
        await facets.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Evaluation") }).First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("f=kind", StringComparison.Ordinal));
        var narrowed = await hits.CountAsync();
        Assert.True(narrowed >= 1 && narrowed < before, $"the facet narrows {before} results to {narrowed}");
        var metas = await page.Locator(".search-hit__meta").AllTextContentsAsync();
        Assert.All(metas, m => Assert.StartsWith("Evaluation", m.Trim(), StringComparison.Ordinal));
        var titles = await page.Locator(".search-hit__title").AllTextContentsAsync();

        // The URL alone reproduces the page.
        var url = page.Url;
        await page.GotoAsync("/");
        await page.GotoAsync(url);
        Assert.Equal(titles, await page.Locator(".search-hit__title").AllTextContentsAsync());

        Assert.True(axe.Violations.Count == 0, axe.ToString());
    }
}
