using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// Passkeys in Chromium with its virtual authenticator (WebAuthn over the DevTools protocol): a
/// member adds a passkey on their profile, signs out, and signs in with the passkey alone; axe
/// checks the new pages at 1280 px and 390 px. The site is browsed as http://localhost:PORT
/// (WebAuthn takes no IP address as the site's id).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class PasskeyJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_member_adds_a_passkey_on_the_profile_and_signs_in_with_it()
    {
        const string password = "Passkey-Journey-Passphrase";
        var email = $"passkey-{Guid.NewGuid():N}@example.org";
        var (exitCode, output) = await browser.Site.RunVerbAsync(["users", "create-admin", email, "--password", password]);
        Assert.True(exitCode == 0, $"users create-admin exited with {exitCode}:\n{output}");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = $"http://localhost:{browser.Site.BaseUrl.Port}/",
            BypassCSP = true, // for axe's script only; passkeys.js is a served file
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        var authenticatorId = added!.Value.GetProperty("authenticatorId").GetString()!;
        var violations = new List<AxeResult>();

        // Signed in with the password, the member adds a passkey from the profile.
        await page.SignInAsync(email, password);
        await page.GotoAsync("/account/profile");
        await page.Locator("#passkey-count").GetByRole(AriaRole.Link, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Passkeys");
        violations.AddRange(await BothWidthsAsync(page));
        await page.GetByLabel("Name of the passkey").FillAsync("Journey laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("has been added");
        await Assertions.Expect(page.Locator("#passkey-list")).ToContainTextAsync("Journey laptop");
        violations.AddRange(await BothWidthsAsync(page));

        var credentials = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        var credential = Assert.Single(credentials!.Value.GetProperty("credentials").EnumerateArray());
        Assert.True(credential.GetProperty("isResidentCredential").GetBoolean());
        Assert.Equal("localhost", credential.GetProperty("rpId").GetString());

        // Signed out, the member signs in with the passkey alone and lands signed in as themselves.
        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/account/sign-in");
        violations.AddRange(await BothWidthsAsync(page));
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(email);
        await Assertions.Expect(page.Locator("#passkey-count")).ToContainTextAsync("1 passkey");

        // The passkey page of its own (where a refusal is shown) passes axe too.
        var visitor = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = $"http://localhost:{browser.Site.BaseUrl.Port}/",
            BypassCSP = true,
            Locale = "en-GB",
        });
        await using (visitor)
        {
            var other = await visitor.NewPageAsync();
            await other.GotoAsync("/account/sign-in/passkey");
            await Assertions.Expect(other.Locator("h1")).ToHaveTextAsync("Sign in with a passkey");
            violations.AddRange(await BothWidthsAsync(other));
        }

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    /// <summary>axe at 1280 px and at 390 px (a phone), leaving the page at 1280 px.</summary>
    private static async Task<AxeResult[]> BothWidthsAsync(IPage page)
    {
        await page.SetViewportSizeAsync(1280, 800);
        var wide = await Axe.RunAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        var narrow = await Axe.RunAsync(page);
        await page.SetViewportSizeAsync(1280, 800);
        return [wide, narrow];
    }
}
