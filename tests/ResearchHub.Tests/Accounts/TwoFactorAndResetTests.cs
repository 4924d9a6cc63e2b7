using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>Two-step sign-in with an authenticator app and recovery codes; password reset by email.</summary>
public sealed partial class TwoFactorAndResetTests(AccountHubs hubs) : IClassFixture<AccountHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_turns_on_two_step_sign_in_and_then_needs_a_code_or_a_recovery_code(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        var setup = await client.GetDocumentAsync("/account/two-factor");
        var key = setup.QuerySelector("#shared-key")!.TextContent;
        Assert.Contains("otpauth://totp/", setup.QuerySelector("#authenticator-uri")!.TextContent, StringComparison.Ordinal);

        using var wrong = await client.PostFormAsync("/account/two-factor", MainForm, new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.Contains("That code is not right", await ErrorSummaryAsync(wrong), StringComparison.Ordinal);

        using var enabled = await client.PostFormAsync("/account/two-factor", MainForm, new Dictionary<string, string> { ["Code"] = Totp.Code(key, hub.Clock.GetUtcNow()) });
        var enabledPage = await enabled.ReadPageAsync();
        var recoveryCodes = enabledPage.Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.True(await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // Password alone now leads to the code page, not into the site.
        var next = hub.CreateBrowserClient();
        using var first = await PostSignInAsync(next, member.Email!, Password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/sign-in/two-factor", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var notYet = await next.GetAsync(new Uri("/account/profile", UriKind.Relative));
        Assert.StartsWith("/account/sign-in", notYet.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var badCode = await next.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = "123 456" });
        Assert.Contains("That code is not right", await ErrorSummaryAsync(badCode), StringComparison.Ordinal);
        // The code that turned it on is spent; the app's next one (30 seconds on) is within the window.
        using var goodCode = await next.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = Totp.Code(key, hub.Clock.GetUtcNow().AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.Redirect, goodCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync(new Uri("/account/profile", UriKind.Relative))).StatusCode);

        // A recovery code works once.
        for (var use = 0; use < 2; use++)
        {
            var other = hub.CreateBrowserClient();
            using var signIn = await PostSignInAsync(other, member.Email!, Password);
            using var recovery = await other.PostFormAsync("/account/sign-in/recovery", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
            if (use == 0)
            {
                Assert.Equal(HttpStatusCode.Redirect, recovery.StatusCode);
            }
            else
            {
                Assert.Contains("has been used already", await ErrorSummaryAsync(recovery), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_reset_link_by_email_sets_a_new_password_and_works_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = hub.CreateBrowserClient();

        // An unknown address gets the same answer and no mail is queued for it (requests are handled
        // in order after the answer: once the member's link below has arrived, this one was handled).
        var stranger = UniqueEmail("stranger");
        using var unknown = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = stranger });
        Assert.Contains(stranger, (await unknown.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);

        using var asked = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = member.Email! });
        var confirmation = (await asked.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent;
        Assert.Contains(member.Email!, confirmation, StringComparison.Ordinal);

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(member.Email!);
        Assert.False(await hub.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.To == stranger)));
        Assert.Equal("multipart/alternative", mail.ContentType);
        var path = new Uri(ResetLink().Match(mail.Text!).Value).PathAndQuery;

        using var reset = await client.PostFormAsync(path, new Dictionary<string, string>
        {
            ["Password"] = "Brand-New-Passw0rd",
            ["ConfirmPassword"] = "Brand-New-Passw0rd",
        });
        Assert.Contains("Your password has been changed", (await reset.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        await SignedInClientAsync(hub, member.Email!, "Brand-New-Passw0rd");

        using var reused = await client.PostFormAsync(path, new Dictionary<string, string>
        {
            ["Password"] = "Another-Passw0rd-2",
            ["ConfirmPassword"] = "Another-Passw0rd-2",
        });
        Assert.Contains("expired or has been used", await ErrorSummaryAsync(reused), StringComparison.Ordinal);
        await SignedInClientAsync(hub, member.Email!, "Brand-New-Passw0rd");
    }

    [Fact]
    public async Task The_setup_page_shows_a_QR_code_that_reads_as_the_authenticator_link()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        var setup = await client.GetDocumentAsync("/account/two-factor");
        var image = setup.QuerySelector("img#authenticator-qr")!;
        Assert.False(string.IsNullOrWhiteSpace(image.GetAttribute("alt")));
        const string prefix = "data:image/png;base64,";
        var src = image.GetAttribute("src")!;
        Assert.StartsWith(prefix, src, StringComparison.Ordinal);

        var text = QrCodeReader.Read(Convert.FromBase64String(src[prefix.Length..]));
        Assert.Equal(setup.QuerySelector("#authenticator-uri")!.TextContent.Trim(), text);
        var key = setup.QuerySelector("#shared-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Contains($"secret={key}&", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_authenticator_code_opens_one_session_only(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var key = (await client.GetDocumentAsync("/account/two-factor")).QuerySelector("#shared-key")!.TextContent;
        var setupCode = Totp.Code(key, hub.Clock.GetUtcNow());
        using var enabled = await client.PostFormAsync("/account/two-factor", MainForm, new Dictionary<string, string> { ["Code"] = setupCode });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);

        async Task<HttpResponseMessage> SecondStepAsync(string code)
        {
            var browser = hub.CreateBrowserClient();
            using var first = await PostSignInAsync(browser, member.Email!, Password);
            Assert.StartsWith("/account/sign-in/two-factor", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
            return await browser.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = code });
        }

        // The code used to turn it on cannot sign in; the next one can, once.
        using var setupAgain = await SecondStepAsync(setupCode);
        Assert.Contains("That code is not right", await ErrorSummaryAsync(setupAgain), StringComparison.Ordinal);
        var next = Totp.Code(key, hub.Clock.GetUtcNow().AddSeconds(30));
        using var once = await SecondStepAsync(next);
        Assert.Equal(HttpStatusCode.Redirect, once.StatusCode);
        using var twice = await SecondStepAsync(next);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains("That code is not right", await ErrorSummaryAsync(twice), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_locked_by_failed_sign_ins_gets_a_reset_link_that_unlocks_the_account(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = hub.CreateBrowserClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await PostSignInAsync(client, member.Email!, "not-the-password");
        }

        Assert.True(await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            return await users.IsLockedOutAsync((await users.FindByIdAsync(member.Id))!);
        }));

        using var asked = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = member.Email! });
        var mail = await MailCatcher.Shared.WaitForMessageToAsync(member.Email!);
        var path = new Uri(ResetLink().Match(mail.Text!).Value).PathAndQuery;
        using var reset = await client.PostFormAsync(path, new Dictionary<string, string>
        {
            ["Password"] = "Unlocked-Passphrase-4",
            ["ConfirmPassword"] = "Unlocked-Passphrase-4",
        });
        Assert.Contains("Your password has been changed", (await reset.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        await SignedInClientAsync(hub, member.Email!, "Unlocked-Passphrase-4");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_locked_by_an_administrator_gets_no_reset_link_and_an_old_one_does_not_unlock(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var token = await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = (await users.FindByIdAsync(member.Id))!;
            var token = await users.GeneratePasswordResetTokenAsync(user);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue); // as the members page locks
            return token;
        });

        var client = hub.CreateBrowserClient();
        using var asked = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = member.Email! });
        Assert.Contains(member.Email!, (await asked.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        // Requests are handled after the answer, in order: once a later member's link has arrived, this one was handled.
        var control = await CreateMemberAsync(hub, HubRoles.Member);
        using (await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = control.Email! }))
        {
            await MailCatcher.Shared.WaitForMessageToAsync(control.Email!);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.To == member.Email)));

        using var reset = await client.PostFormAsync($"/account/reset-password?email={Uri.EscapeDataString(member.Email!)}&token={Uri.EscapeDataString(token)}",
            new Dictionary<string, string> { ["Password"] = "Locked-Out-Passphrase-5", ["ConfirmPassword"] = "Locked-Out-Passphrase-5" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        using var signIn = await PostSignInAsync(hub.CreateBrowserClient(), member.Email!, "Locked-Out-Passphrase-5");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // refused: still locked
        Assert.True(await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).Select(u => u.LockoutEnd).SingleAsync()) > hub.Clock.GetUtcNow().AddYears(100));
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
