using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>The site in Chromium: the home page, and the browser harness itself.</summary>
[Collection(SiteCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser)
{
    /// <summary>
    /// Written for the finished foundation: it needs the theme and the Pages module's home page, and
    /// the demo recipe (content-recipes/lac-research-network.recipe.json) that names the network.
    /// </summary>
    [Fact]
    [Trait("Needs", "theme, home page and demo recipe")]
    public async Task Home_page_has_the_networks_title_an_h1_and_no_serious_accessibility_violations()
    {
        using (var http = new HttpClient { BaseAddress = browser.Site.BaseUrl })
        {
            // Chromium turns an empty error response into a bare net::ERR_...; say what the site answered.
            using var plain = await http.GetAsync(new Uri("/", UriKind.Relative));
            Assert.True(plain.IsSuccessStatusCode,
                $"GET / returned {(int)plain.StatusCode} (the home page comes with the theme and the Pages module); site output:\n{Tail(browser.Site.Output)}");
        }

        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync("/");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Contains("LAC Research Network", await page.TitleAsync(), StringComparison.Ordinal);
        var h1 = page.Locator("h1");
        Assert.True(await h1.CountAsync() >= 1, "the home page has no <h1>");
        Assert.False(string.IsNullOrWhiteSpace(await h1.First.InnerTextAsync()), "the home page's <h1> is empty");
        // The public dashboard (what is next, what is new) with no serious problem at 1280 px and on a phone.
        await page.SetViewportSizeAsync(1280, 1000);
        await Assertions.Expect(page.Locator("section[aria-labelledby=home-next]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("section[aria-labelledby=home-needs-you]").CountAsync());
        var axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());
        await page.SetViewportSizeAsync(390, 844);
        axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());
    }

    [Fact]
    public async Task The_main_menu_holds_the_applications_sections_on_one_row_at_1280_px_and_the_networks_pages_go_to_the_footer()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 1000);
        await page.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        await page.GotoAsync("/");

        var items = page.Locator("nav.main-nav .main-nav__item");
        Assert.Equal(["Library", "Search", "Meetings", "Groups", "Codebooks", "Evidence map"], (await items.AllInnerTextsAsync()).Select(t => t.Trim()));
        var tops = new List<float>();
        for (var i = 0; i < await items.CountAsync(); i++)
        {
            tops.Add((await items.Nth(i).BoundingBoxAsync())!.Y);
        }

        Assert.True(tops.Distinct().Count() == 1, $"the main menu wraps: item tops {string.Join(", ", tops)}");
        // The demo network's own pages (about, join) are in the footer's menu, not the main one.
        await Assertions.Expect(page.Locator("footer nav.network-nav a").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("nav.main-nav a[href^='/pages/']").CountAsync());
        var axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());
        await page.SetViewportSizeAsync(390, 844);
        axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());
    }

    [Fact]
    public async Task The_library_shows_results_first_with_filters_in_a_side_column_and_no_serious_accessibility_violations()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 1000);
        await page.GotoAsync("/library");

        // A result above the fold at 1280 x 1000, and the filters beside the results, not above them.
        var first = page.Locator("ul[aria-labelledby=results-title] > li").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var result = await first.BoundingBoxAsync();
        Assert.True(result is not null && result.Y + Math.Min(result.Height, 100) <= 1000, $"the first result starts at {result?.Y} px");
        var filters = await page.Locator("aside.library-filters").BoundingBoxAsync();
        Assert.True(filters is not null && filters.X > result!.X + result.Width, $"filters at x={filters?.X}, results end at {result!.X + result.Width}");

        // Several values of one facet: two kinds give the resources of either kind, each facet with counts.
        var kinds = page.GetByRole(AriaRole.Group, new() { Name = "Kind" }).Locator("input[type=checkbox]");
        Assert.True(await kinds.CountAsync() >= 2, "the demo library has resources of at least two kinds");
        var one = CountOf(await page.GetByRole(AriaRole.Group, new() { Name = "Kind" }).Locator("label").Nth(0).InnerTextAsync());
        var two = CountOf(await page.GetByRole(AriaRole.Group, new() { Name = "Kind" }).Locator("label").Nth(1).InnerTextAsync());
        await kinds.Nth(0).CheckAsync();
        await kinds.Nth(1).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page.Locator("#results-title")).ToContainTextAsync($"{one + two} resource");
        Assert.Equal(2, (await page.Locator("input[name=kind]:checked").CountAsync()));
        var axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());

        // On a phone the results still come first and the filters follow.
        await page.SetViewportSizeAsync(390, 844);
        var narrowResult = await page.Locator("ul[aria-labelledby=results-title] > li").First.BoundingBoxAsync();
        var narrowFilters = await page.Locator("aside.library-filters").BoundingBoxAsync();
        Assert.True(narrowResult!.Y < narrowFilters!.Y, "on a phone the filters come after the results");
        axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());

        static int CountOf(string label) =>
            int.Parse(Regex.Match(label, @"\((\d+)\)\s*$").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task On_a_phone_the_library_filters_start_folded_below_a_visible_result_and_unfold_with_a_tap()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/library");

        // A result in view on arrival, and only the filters' summary below it: no facet takes room.
        var first = page.Locator("ul[aria-labelledby=results-title] > li").First;
        await Assertions.Expect(first).ToBeInViewportAsync();
        var fold = page.Locator("aside.library-filters details");
        Assert.Null(await fold.GetAttributeAsync("open"));
        var summary = fold.Locator("summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Filter the library");
        var kinds = page.GetByRole(AriaRole.Group, new() { Name = "Kind" }).Locator("input[type=checkbox]");
        await Assertions.Expect(kinds.First).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" })).ToBeHiddenAsync();
        Assert.True((await first.BoundingBoxAsync())!.Y < (await summary.BoundingBoxAsync())!.Y, "on a phone the filters come after the results");
        var axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());

        // A tap unfolds them; a chosen filter keeps them open on the next page, and says how many are chosen.
        await summary.ClickAsync();
        await Assertions.Expect(kinds.First).ToBeVisibleAsync();
        await kinds.First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page.Locator("#results-title")).ToContainTextAsync("1 filter chosen");
        Assert.NotNull(await fold.GetAttributeAsync("open"));
        await Assertions.Expect(summary).ToContainTextAsync("(1 chosen)");
        await Assertions.Expect(kinds.First).ToBeCheckedAsync();
        axe = await Axe.RunAsync(page);
        Assert.True(axe.Violations.Count == 0, axe.ToString());

        // Beside the results on a wide screen, the same closed fold shows every facet.
        await page.GotoAsync("/library");
        await page.SetViewportSizeAsync(1280, 1000);
        Assert.Null(await fold.GetAttributeAsync("open"));
        await Assertions.Expect(kinds.First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Chromium_reaches_the_site_and_axe_reports_a_page_with_serious_problems()
    {
        var page = await browser.NewPageAsync();

        var health = await page.GotoAsync("/healthz");
        Assert.Equal(200, health!.Status);
        Assert.Equal("ok", (await page.Locator("body").InnerTextAsync()).Trim());
        Assert.Equal("DENY", await health.HeaderValueAsync("x-frame-options"));

        // A page with known faults proves the axe helper finds them (a silent helper would pass anything).
        await page.SetContentAsync("""
            <!doctype html><html><head><title>Faulty</title></head>
            <body><main><img src="x.png"><form><input type="text"></form></main></body></html>
            """);
        var axe = await Axe.RunAsync(page);
        Assert.Contains(axe.Violations, v => v.Id == "image-alt");
        Assert.Contains(axe.Violations, v => v.Id == "label");
        Assert.Contains("image-alt", axe.ToString(), StringComparison.Ordinal);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
