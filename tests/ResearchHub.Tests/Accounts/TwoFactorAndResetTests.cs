using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>Two-step sign-in with an authenticator app and recovery codes; password reset by email.</summary>
public sealed partial class TwoFactorAndResetTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
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
        using var goodCode = await next.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = Totp.Code(key, hub.Clock.GetUtcNow()) });
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

        using var asked = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = member.Email! });
        var confirmation = (await asked.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent;
        Assert.Contains(member.Email!, confirmation, StringComparison.Ordinal);

        // An unknown address gets the same answer and no mail is queued for it.
        var stranger = UniqueEmail("stranger");
        using var unknown = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = stranger });
        Assert.Contains(stranger, (await unknown.ReadPageAsync()).Document.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        Assert.False(await hub.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.To == stranger)));

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(member.Email!);
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

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
