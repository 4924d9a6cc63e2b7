using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>Hubs with a clock the tests move and short sessions: 2 days at most, 8 hours idle.</summary>
public sealed class SessionHubs : HubFactoryFixture
{
    public TestClock Clock { get; } = new();

    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Accounts:SessionDays", "2")
            .WithSetting("Hub:RateLimits:SignInPerMinute", "1000") // many sign-ins, all from the test server's one (missing) address
            .WithSetting("Hub:Accounts:IdleHours", "8")
            .WithServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>
/// Sessions end when they should, on every copy of the cookie and at the very next request:
/// sign-out, a password change, a two-step change, a lock, a role change, "sign out everywhere",
/// the idle limit and the absolute lifetime. Each session is its own cookie jar.
/// </summary>
public sealed class SessionTests(SessionHubs hubs) : IClassFixture<SessionHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Signing_out_ends_the_session_for_a_copy_of_its_cookie_too(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var (browser, cookie) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var copy = CookieClient(hub, cookie);
        Assert.True(await IsSignedInAsync(copy));

        using var signedOut = await browser.PostFormAsync("/account/profile", new Dictionary<string, string>(), formSelector: "form[action='/account/sign-out']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.False(await IsSignedInAsync(browser));
        Assert.False(await IsSignedInAsync(copy));
        Assert.Equal(0, await SessionRowsAsync(hub, member.Id));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var (here, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var (elsewhere, _) = await SignInWithCookieAsync(hub, member.Email!, Password);

        using var changed = await here.PostFormAsync("/account/profile", new Dictionary<string, string>
        {
            ["ChangePassword.Current"] = Password,
            ["ChangePassword.New"] = "Another-Long-Passphrase-7",
            ["ChangePassword.Confirm"] = "Another-Long-Passphrase-7",
        }, formSelector: "form[action$='handler=Password']");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.True(await IsSignedInAsync(here));
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.Equal(1, await SessionRowsAsync(hub, member.Id));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Turning_two_step_sign_in_on_or_off_ends_the_other_sessions(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var (here, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var (elsewhere, _) = await SignInWithCookieAsync(hub, member.Email!, Password);

        var key = (await here.GetDocumentAsync("/account/two-factor")).QuerySelector("#shared-key")!.TextContent;
        using var enabled = await here.PostFormAsync("/account/two-factor", MainForm,
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, hubs.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.True(await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        Assert.True(await IsSignedInAsync(here));
        Assert.False(await IsSignedInAsync(elsewhere));

        // Turning it off again ends a session started since (with a code) as well.
        var later = hub.CreateBrowserClient();
        using var password = await PostSignInAsync(later, member.Email!, Password);
        hubs.Clock.Advance(TimeSpan.FromSeconds(30));
        using var code = await later.PostFormAsync(password.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, hubs.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.True(await IsSignedInAsync(later));

        using var disabled = await here.PostFormAsync("/account/two-factor", new Dictionary<string, string>(), formSelector: "form[action$='handler=Disable']");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.True(await IsSignedInAsync(here));
        Assert.False(await IsSignedInAsync(later));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_locked_member_is_refused_at_the_next_request(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var (session, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        using var locked = await admin.PostFormAsync("/admin/members", new Dictionary<string, string>(),
            formSelector: $"form[action*='handler=Lock'][action*='id={member.Id}']");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.NotNull(await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).Select(u => u.LockoutEnd).SingleAsync()));

        Assert.False(await IsSignedInAsync(session));
        using var api = await session.GetAsync(new Uri("/account/tokens", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, api.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_role_change_ends_the_members_sessions(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Organiser);
        var (session, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        using var changed = await admin.PostFormAsync("/admin/members", new Dictionary<string, string> { ["role"] = HubRoles.Member },
            formSelector: $"form[action*='handler=Role'][action*='id={member.Id}']");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.False(await IsSignedInAsync(session));
        Assert.True(await IsSignedInAsync(await SignedInClientAsync(hub, member.Email!, Password)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Sign_out_everywhere_ends_every_session_of_the_member_and_no_one_elses(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var other = await CreateMemberAsync(hub, HubRoles.Member);
        var (here, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var (elsewhere, cookie) = await SignInWithCookieAsync(hub, member.Email!, Password);
        var (someoneElse, _) = await SignInWithCookieAsync(hub, other.Email!, Password);

        var profile = await here.GetDocumentAsync("/account/profile");
        Assert.Contains("in 2 places", profile.QuerySelector("#session-count")!.TextContent, StringComparison.Ordinal);

        using var everywhere = await here.PostFormAsync("/account/profile", new Dictionary<string, string>(), formSelector: "form[action$='handler=SignOutEverywhere']");
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);

        Assert.False(await IsSignedInAsync(here));
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.False(await IsSignedInAsync(CookieClient(hub, cookie)));
        Assert.True(await IsSignedInAsync(someoneElse));
        Assert.Equal(0, await SessionRowsAsync(hub, member.Id));
        Assert.True(await hub.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.SignedOutEverywhere && a.ActorId == member.Id)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_session_ends_after_eight_idle_hours_and_after_its_absolute_lifetime(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);

        var (idle, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        hubs.Clock.Advance(TimeSpan.FromHours(7.9));
        Assert.True(await IsSignedInAsync(idle));
        hubs.Clock.Advance(TimeSpan.FromHours(8.1));
        Assert.False(await IsSignedInAsync(idle));

        // Active every 7 hours, a session still ends 2 days (Hub:Accounts:SessionDays) after sign-in.
        var (busy, _) = await SignInWithCookieAsync(hub, member.Email!, Password);
        for (var hours = 7; hours < 48; hours += 7)
        {
            hubs.Clock.Advance(TimeSpan.FromHours(7));
            Assert.True(await IsSignedInAsync(busy), $"signed in after {hours} hours");
        }

        hubs.Clock.Advance(TimeSpan.FromHours(7));
        Assert.False(await IsSignedInAsync(busy));
    }

    /// <summary>Signs in through the form in a fresh cookie jar; returns it and the sign-in cookie (name=value).</summary>
    internal static async Task<(HttpClient Client, string Cookie)> SignInWithCookieAsync(HubFactory hub, string email, string password)
    {
        var client = hub.CreateBrowserClient();
        using var response = await PostSignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hub.auth=", StringComparison.Ordinal));
        return (client, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    /// <summary>A client that sends exactly this cookie on every request (a copy taken by someone else).</summary>
    internal static HttpClient CookieClient(HubFactory hub, string cookie)
    {
        var client = hub.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri(HubFactory.BaseUrl),
        });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>The profile answers (200) only to a signed-in member; otherwise it sends to sign-in.</summary>
    internal static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/account/profile", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return true;
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        return false;
    }

    private static Task<int> SessionRowsAsync(HubFactory hub, string userId) =>
        hub.WithDbAsync(db => db.Set<MemberSession>().CountAsync(s => s.UserId == userId));
}
