using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// Federation's pages in Chromium on the demo network: the administrator creates an API token with a
/// level per area, then makes a content export whose progress panel updates in place (the theme's
/// data-refresh enhancement) until its download link appears, without reloading the page. axe-core
/// checks both pages.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class FederationJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_administrator_makes_a_scoped_token_and_an_export_that_reports_its_progress_in_place()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);

        // A token that reads the library and writes meetings, and nothing else.
        await page.GotoAsync("/account/tokens");
        var tokensAxe = await Axe.RunAsync(page);
        await page.GetByLabel("Name").FillAsync("Browser journey");
        foreach (var area in new[] { "accounts", "codebooks", "search" })
        {
            await page.GetByLabel($"No access to {area}").CheckAsync();
        }

        await page.GetByLabel("Read library (library:read)").CheckAsync();
        await page.GetByLabel("Read and write meetings (meetings:write)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-token")).ToContainTextAsync("rh_");
        var row = page.Locator("tbody tr", new() { HasText = "Browser journey" });
        await Assertions.Expect(row).ToContainTextAsync("library:read, meetings:read, meetings:write");

        // The export: started, then ready, in the same page.
        await page.GotoAsync("/admin/export");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make an export" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Export started");
        var url = page.Url;
        var panel = page.Locator("#export-progress");
        await Assertions.Expect(panel).ToContainTextAsync("Export ready", new() { Timeout = 60_000 });
        await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download export-") })).ToBeVisibleAsync();
        Assert.Equal(url, page.Url);
        var exportAxe = await Axe.RunAsync(page);

        Assert.True(tokensAxe.Violations.Count == 0, tokensAxe.ToString());
        Assert.True(exportAxe.Violations.Count == 0, exportAxe.ToString());
    }
}
