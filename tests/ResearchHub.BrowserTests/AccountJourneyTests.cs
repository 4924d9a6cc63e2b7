using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The foundation's journey in Chromium against the real site: the administrator invites a member,
/// the invitation arrives at the SMTP server, the member accepts it, chooses a password, signs in
/// and sees the home page; axe-core checks each kind of page on the way.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class AccountJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_administrator_invites_a_member_who_accepts_signs_in_and_sees_the_home_page()
    {
        var email = $"journey-{Guid.NewGuid():N}@example.org";
        var violations = new List<AxeResult>();

        // The administrator signs in and sends the invitation.
        var admin = await browser.NewPageAsync();
        await admin.GotoAsync("/account/sign-in");
        violations.Add(await Axe.RunAsync(admin));
        await admin.GetByLabel("Email address").FillAsync(HubSite.AdminEmail);
        await admin.GetByLabel("Password").FillAsync(HubSite.AdminPassword);
        await admin.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        await admin.GotoAsync("/admin/invitations");
        await admin.GetByLabel("Email address").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync("Member");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"An invitation has been sent to {email}");

        // It arrives at the SMTP server with a working link.
        var mail = await MailCatcher.Shared.WaitForMessageToAsync(email);
        Assert.Equal("multipart/alternative", mail.ContentType);
        var link = AcceptLink().Match(mail.Text!).Value;
        Assert.StartsWith(browser.Site.BaseUrl.ToString().TrimEnd('/'), link, StringComparison.Ordinal);

        // The member accepts it, chooses a password and lands on the home page, signed in.
        var member = await browser.NewPageAsync();
        await member.GotoAsync(link);
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync("Accept your invitation");
        violations.Add(await Axe.RunAsync(member));
        await member.GetByLabel("Your name").FillAsync("Journey Member");
        await member.GetByLabel("Choose a password").FillAsync("Journey-Passw0rd");
        await member.GetByLabel("Confirm the password").FillAsync("Journey-Passw0rd");
        await member.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await member.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(member.Locator("h1")).ToContainTextAsync("LAC Research Network");

        // Signed out, the member signs in with the new password and sees the home page again.
        await member.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await member.SignInAsync(email, "Journey-Passw0rd");
        await Assertions.Expect(member.Locator("header")).ToContainTextAsync("Journey Member");
        violations.Add(await Axe.RunAsync(member));

        await member.GotoAsync("/account/profile");
        await Assertions.Expect(member.Locator("main")).ToContainTextAsync(email);
        violations.Add(await Axe.RunAsync(member));

        await member.GotoAsync("/pages/about");
        await Assertions.Expect(member.Locator("h1")).Not.ToBeEmptyAsync();
        violations.Add(await Axe.RunAsync(member));

        // The link was single use.
        var again = await browser.NewPageAsync();
        await again.GotoAsync(link);
        await Assertions.Expect(again.Locator("#invitation-problem")).ToContainTextAsync("already been used");

        // The audit log saw the member's sign-in, from the loopback address.
        await admin.GotoAsync("/admin/audit?action=sign-in");
        var row = admin.Locator("tbody tr", new() { HasText = email }).First;
        await Assertions.Expect(row).ToContainTextAsync("127.0.0.1");

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex AcceptLink();
}
