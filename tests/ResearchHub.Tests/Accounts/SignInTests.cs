using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>Signing in through the real form: success, lockout, forged forms, redirects, cookies, the audit log.</summary>
public sealed class SignInTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_signs_in_and_the_audit_log_records_who_and_when(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);

        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var profile = await client.GetDocumentAsync("/account/profile");

        Assert.Contains(member.Email!, profile.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var entry = await hub.WithDbAsync(db => db.Set<AuditEntry>()
            .Where(a => a.Action == AuditActions.SignIn && a.Target == member.Email).SingleAsync());
        Assert.Equal(member.Id, entry.ActorId);
        Assert.Equal(member.Email, entry.ActorEmail);
        Assert.InRange(entry.At, hub.Clock.GetUtcNow().AddMinutes(-1), hub.Clock.GetUtcNow().AddSeconds(1));
        // (The in-process test server has no client address; the browser tests see it recorded.)
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Repeated_wrong_passwords_lock_the_account_with_the_same_words_as_a_wrong_password(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = hub.CreateBrowserClient();

        var answers = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await PostSignInAsync(client, member.Email!, "not-the-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            answers.Add(await ErrorSummaryAsync(wrong));
        }

        // Now even the right password is refused, and no session starts; the answer is the same as
        // for a wrong password or an unknown address (it names the lock and the way out for everyone).
        using var right = await PostSignInAsync(client, member.Email!, Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        answers.Add(await ErrorSummaryAsync(right));
        using var unknown = await PostSignInAsync(client, UniqueEmail("nobody"), Password);
        answers.Add(await ErrorSummaryAsync(unknown));
        Assert.Single(answers.Distinct());
        Assert.Contains("email address or password is not right", answers[0], StringComparison.Ordinal);
        Assert.Contains("locked for 15 minutes", answers[0], StringComparison.Ordinal);
        Assert.Contains("resetting your password", answers[0], StringComparison.Ordinal);
        using var profile = await client.GetAsync(new Uri("/account/profile", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.StartsWith("/account/sign-in", profile.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var actions = await hub.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.Target == member.Email)
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(5, actions.Count(a => a == AuditActions.SignInFailed)); // four wrong passwords, then the right one while locked
        Assert.Contains(AuditActions.LockedOut, actions);
        Assert.DoesNotContain(AuditActions.SignIn, actions);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_sign_in_form_posted_without_its_antiforgery_token_is_refused(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = hub.CreateBrowserClient();

        using var response = await client.PostFormAsync("/account/sign-in",
            new Dictionary<string, string> { ["Input.Email"] = member.Email!, ["Input.Password"] = Password },
            includeAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Equal("The request could not be understood", page.Document.QuerySelector("h1")?.TextContent.Trim());
        Assert.DoesNotContain("   at ", page.Html, StringComparison.Ordinal); // no stack trace
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("hub.auth=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Sqlite")]
    public async Task The_return_url_is_followed_only_within_the_site(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);

        var inside = hub.CreateBrowserClient();
        using var local = await PostSignInAsync(inside, member.Email!, Password, "/account/sign-in?ReturnUrl=%2Faccount%2Ftokens");
        Assert.Equal("/account/tokens", local.Headers.Location?.OriginalString);

        var outside = hub.CreateBrowserClient();
        using var evil = await PostSignInAsync(outside, member.Email!, Password, "/account/sign-in?ReturnUrl=%2F%2Fevil.example%2F");
        Assert.Equal("/", evil.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_return_url_with_a_control_character_leads_home_not_to_an_error(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);

        foreach (var returnUrl in new[] { "/%09/evil.example", "/%0a/evil.example", "/%0b%5cevil.example" })
        {
            var client = hub.CreateBrowserClient();
            var form = await client.GetPageAsync($"/account/sign-in?ReturnUrl={returnUrl}");
            Assert.Equal(HttpStatusCode.OK, form.Response.StatusCode);
            using var response = await PostSignInAsync(client, member.Email!, Password, $"/account/sign-in?ReturnUrl={returnUrl}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Cookies_are_HttpOnly_SameSite_and_Secure_over_https()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = hub.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri("https://localhost"),
        });

        var signInPage = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        var antiforgery = signInPage.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hub.antiforgery=", StringComparison.Ordinal));
        using var response = await PostSignInAsync(client, member.Email!, Password);
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hub.auth=", StringComparison.Ordinal));

        foreach (var cookie in new[] { antiforgery, auth })
        {
            var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("httponly", attributes);
            Assert.Contains("secure", attributes);
            Assert.Contains(attributes, a => a is "samesite=lax" or "samesite=strict");
        }

        // Over plain http the cookie is not marked Secure (it would never come back).
        var plain = hub.CreateBrowserClient();
        using var plainResponse = await PostSignInAsync(plain, member.Email!, Password);
        var plainAuth = plainResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hub.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", plainAuth.Split(';').Select(a => a.Trim().ToLowerInvariant()));
        Assert.Contains("httponly", plainAuth.Split(';').Select(a => a.Trim().ToLowerInvariant()));
    }
}
