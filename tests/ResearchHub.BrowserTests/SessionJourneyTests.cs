using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The profile page and sessions in Chromium against the real site: both profile forms work, and
/// signing out (here, or everywhere) ends the sessions of other browser contexts and of a copied cookie.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SessionJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_member_saves_their_name_and_changes_their_password_on_the_profile_page()
    {
        var email = await NewAccountAsync("Profile-Start-Passphrase");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(email, "Profile-Start-Passphrase");

        await page.GotoAsync("/account/profile");
        await page.GetByLabel("Your name").FillAsync("Dr Robin Ashe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your details have been saved");
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Dr Robin Ashe");

        await page.GetByLabel("Current password").FillAsync("Profile-Start-Passphrase");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("quiet harbour lanterns");
        await page.GetByLabel("Confirm the new password").FillAsync("quiet harbour lanterns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password has been changed");

        var again = await browser.NewPageAsync();
        await again.SignInAsync(email, "quiet harbour lanterns");
        await Assertions.Expect(again.Locator("header")).ToContainTextAsync("Dr Robin Ashe");
    }

    [Fact]
    public async Task Signing_out_ends_a_copied_cookie_and_sign_out_everywhere_ends_the_other_browsers()
    {
        const string password = "Session-Journey-Passphrase";
        var email = await NewAccountAsync(password);

        // Sign-out: a copy of the cookie taken before it no longer works.
        var first = await browser.NewPageAsync();
        await first.SignInAsync(email, password);
        var copy = await browser.NewPageAsync();
        await copy.Context.AddCookiesAsync((await first.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await copy.GotoAsync("/account/profile");
        await Assertions.Expect(copy.Locator("h1")).ToHaveTextAsync("Your profile");
        await first.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await first.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await copy.GotoAsync("/account/profile");
        await copy.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/sign-in");

        // Sign out everywhere: the other browser is signed out at its next request.
        var here = await browser.NewPageAsync();
        var elsewhere = await browser.NewPageAsync();
        await here.SignInAsync(email, password);
        await elsewhere.SignInAsync(email, password);
        await here.GotoAsync("/account/profile");
        await Assertions.Expect(here.Locator("#session-count")).ToContainTextAsync("in 2 places");
        here.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await here.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await here.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(here.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);

        await elsewhere.GotoAsync("/account/profile");
        await elsewhere.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/sign-in");
    }

    /// <summary>A new account made with the <c>users create-admin</c> verb, as an operator would.</summary>
    private async Task<string> NewAccountAsync(string password)
    {
        var email = $"session-{Guid.NewGuid():N}@example.org";
        var (exitCode, output) = await browser.Site.RunVerbAsync(["users", "create-admin", email, "--password", password]);
        Assert.True(exitCode == 0, $"users create-admin exited with {exitCode}:\n{output}");
        return email;
    }
}
