using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// "Sign in with your organisation" in Chromium between two running hubs: hub A (the shared site, at
/// 127.0.0.1) is the organisation's OpenID Connect provider; hub B (a second site, browsed as
/// localhost so the two keep their cookies apart) has University A connected to hub A on its admin
/// page. A member of hub A signs in to hub B with "Sign in with University A" and lands signed in as a
/// new member of University A; signed out, the next sign-in is the same account (one row on the
/// members page); an address outside the vouched domain is refused with the reason; an existing hub B
/// account is linked after its password. axe checks each new page.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OrganisationSignInJourneyTests(BrowserFixture browser)
{
    private const string Password = "Organisation-Journey-Passphrase";

    [Fact]
    public async Task A_member_of_hub_A_signs_in_to_hub_B_with_their_organisation()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var member = $"member-{suffix}@uni-a.example";
        var outsider = $"outsider-{suffix}@elsewhere.example";
        var linker = $"linker-{suffix}@uni-a.example";
        foreach (var email in new[] { member, outsider, linker })
        {
            var (exitCode, output) = await browser.Site.RunVerbAsync(["users", "create-admin", email, "--password", Password]);
            Assert.True(exitCode == 0, $"users create-admin exited with {exitCode}:\n{output}");
        }

        await using var hubB = await HubSite.StartAsync("localhost", Path.Combine(TestEnvironment.RepoRoot, "content-recipes", "empty.recipe.json"));
        var (linkerExit, linkerOutput) = await hubB.RunVerbAsync(["users", "create-admin", linker, "--password", Password]);
        Assert.True(linkerExit == 0, linkerOutput);

        var hubA = browser.Site.BaseUrl.ToString().TrimEnd('/');
        var b = hubB.BaseUrl.ToString().TrimEnd('/');
        var redirectUri = $"{b}/account/sign-in/organisation/university-a/callback";
        var violations = new List<AxeResult>();

        // Hub A's administrator registers hub B as an application; its secret is shown once.
        var admins = await NewContextAsync();
        var page = await admins.NewPageAsync();
        await SignInAsync(page, hubA, HubSite.AdminEmail, HubSite.AdminPassword);
        await page.GotoAsync($"{hubA}/admin/openid-clients");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Hub B");
        await page.GetByLabel("Client id").FillAsync($"hub-b-{suffix}");
        await page.GetByLabel("Redirect URIs").FillAsync(redirectUri);
        await page.GetByLabel("accounts:read").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register application" }).ClickAsync();
        var secret = (await page.Locator("#new-secret").TextContentAsync())!.Trim();

        // Hub B's administrator adds University A and connects it to hub A.
        await SignInAsync(page, b, HubSite.AdminEmail, HubSite.AdminPassword);
        await page.GotoAsync($"{b}/admin/organisations");
        await page.GetByLabel("Name").FillAsync("University A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save organisation" }).ClickAsync();
        await page.GotoAsync($"{b}/admin/organisation-sign-in");
        violations.Add(await Axe.RunAsync(page));
        await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "University A" });
        await page.GetByLabel("Name in the sign-in address").FillAsync("university-a");
        await page.GetByLabel("Issuer").FillAsync(hubA + "/");
        await page.GetByLabel("Client id").FillAsync($"hub-b-{suffix}");
        await page.GetByLabel("Client secret").FillAsync(secret);
        await page.GetByLabel("E-mail domains it vouches for").FillAsync("uni-a.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect organisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync(redirectUri);
        await Assertions.Expect(page.Locator("#connections")).ToContainTextAsync("uni-a.example");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        violations.Add(await Axe.RunAsync(page));

        // A member of hub A signs in to hub B with University A: hub A's sign-in, its consent, back signed in.
        var people = await NewContextAsync();
        var person = await people.NewPageAsync();
        await person.GotoAsync($"{b}/account/sign-in");
        violations.Add(await Axe.RunAsync(person));
        await SignInWithUniversityAsync(person, hubA, member);
        await person.WaitForURLAsync($"{b}/");
        await person.GotoAsync($"{b}/account/profile");
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync(member);
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("University A");

        // Signed out of hub B, the member signs in again (hub A remembers them and their consent): the same account.
        await person.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await person.GotoAsync($"{b}/account/sign-in");
        await person.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in with University A" }).ClickAsync();
        await person.WaitForURLAsync($"{b}/");
        await person.GotoAsync($"{b}/account/profile");
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync(member);
        await page.GotoAsync($"{b}/admin/members");
        await Assertions.Expect(page.Locator("main tbody tr").Filter(new() { HasText = member })).ToHaveCountAsync(1);

        // An address outside the domain University A vouches for is refused, with the reason, and no account.
        var outsiders = await NewContextAsync();
        var stranger = await outsiders.NewPageAsync();
        await stranger.GotoAsync($"{b}/account/sign-in");
        await SignInWithUniversityAsync(stranger, hubA, outsider);
        await stranger.WaitForURLAsync($"{b}/account/sign-in");
        await Assertions.Expect(stranger.GetByRole(AriaRole.Alert)).ToContainTextAsync($"{outsider} is not an address University A vouches for on this hub");
        violations.Add(await Axe.RunAsync(stranger));
        await page.GotoAsync($"{b}/admin/members");
        await Assertions.Expect(page.Locator("main tbody tr").Filter(new() { HasText = outsider })).ToHaveCountAsync(0);

        // Hub B already has an account for this address: it is linked after its hub password.
        var linkers = await NewContextAsync();
        var existing = await linkers.NewPageAsync();
        await existing.GotoAsync($"{b}/account/sign-in");
        await SignInWithUniversityAsync(existing, hubA, linker);
        await existing.WaitForURLAsync($"{b}/account/sign-in/link");
        await Assertions.Expect(existing.Locator("#link-email")).ToHaveTextAsync(linker);
        violations.Add(await Axe.RunAsync(existing));
        await existing.GetByLabel("Hub password").FillAsync(Password);
        await existing.GetByRole(AriaRole.Button, new() { Name = "Confirm and link" }).ClickAsync();
        await existing.WaitForURLAsync($"{b}/");
        await existing.GotoAsync($"{b}/account/profile");
        await Assertions.Expect(existing.Locator("main")).ToContainTextAsync(linker);

        foreach (var result in violations)
        {
            Assert.True(result.Violations.Count == 0, result.ToString());
        }
    }

    private async Task<IBrowserContext> NewContextAsync() =>
        await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = true, // for axe's script only
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });

    private static async Task SignInAsync(IPage page, string site, string email, string password)
    {
        await page.GotoAsync($"{site}/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"{site}/");
    }

    /// <summary>On hub B's sign-in page: "Sign in with University A", then hub A's sign-in and consent.</summary>
    private static async Task SignInWithUniversityAsync(IPage page, string hubA, string email)
    {
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in with University A" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(hubA) + "/account/sign-in"));
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(hubA) + "/connect/authorize"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
    }
}
