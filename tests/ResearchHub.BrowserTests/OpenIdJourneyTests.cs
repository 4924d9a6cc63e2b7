using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The OpenID Connect provider's pages in Chromium on the demo network: the administrator registers a
/// tool on the OAuth applications page, goes through the tool's authorization request to the consent
/// page and allows it (the browser lands on the tool's redirect URI with a code), sees the tool under
/// "Connected applications" on the profile and withdraws it. axe-core checks each new page.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OpenIdJourneyTests(BrowserFixture browser)
{
    private const string Callback = "http://127.0.0.1:9/callback";

    [Fact]
    public async Task The_administrator_registers_a_tool_consents_to_it_and_withdraws_it()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);

        await page.GotoAsync("/admin/openid-clients");
        var clientsAxe = await Axe.RunAsync(page);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser QDA");
        await page.GetByLabel("Client id").FillAsync("browser-qda");
        await page.GetByLabel("Public: a browser or desktop application (PKCE, no secret)").CheckAsync();
        await page.GetByLabel("Redirect URIs").FillAsync(Callback);
        await page.GetByLabel("library:read").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register application" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Browser QDA is registered");
        await Assertions.Expect(page.Locator("#clients")).ToContainTextAsync("browser-qda");

        // The tool sends the browser to the authorization endpoint; the tool itself is stood in for by a route.
        await page.RouteAsync(Callback + "**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/plain", Body = "tool" }));
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await page.GotoAsync($"/connect/authorize?client_id=browser-qda&response_type=code&scope={Uri.EscapeDataString("openid library:read")}"
            + $"&redirect_uri={Uri.EscapeDataString(Callback)}&state=xyz&code_challenge={challenge}&code_challenge_method=S256");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Allow Browser QDA");
        await Assertions.Expect(page.Locator("#requested-scopes")).ToContainTextAsync("library:read");
        var consentAxe = await Axe.RunAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Callback + "?", StringComparison.Ordinal));
        Assert.Contains("code=", page.Url, StringComparison.Ordinal);
        Assert.Contains("state=xyz", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page.Locator("#connected-list")).ToContainTextAsync("Browser QDA");
        var profileAxe = await Axe.RunAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw Browser QDA" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Browser QDA can no longer use your account");
        await Assertions.Expect(page.Locator("#connected-applications")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#connected-list")).ToHaveCountAsync(0);

        Assert.True(clientsAxe.Violations.Count == 0, clientsAxe.ToString());
        Assert.True(consentAxe.Violations.Count == 0, consentAxe.ToString());
        Assert.True(profileAxe.Violations.Count == 0, profileAxe.ToString());
    }
}
