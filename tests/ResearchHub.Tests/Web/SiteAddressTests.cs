using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Settings;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Jobs;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Web;

/// <summary>
/// The site's one canonical address (issue 13, item 1): stored on first run from the listening URL when
/// Hub:BaseUrl is not set, used by every absolute link instead of the request's Host, changed by an
/// administrator (with a warning when it names localhost), and the only host name answered.
/// These hubs run as a default install: the factory's own Hub:BaseUrl is removed.
/// </summary>
public sealed class SiteAddressTests
{
    private const string DefaultAddress = "http://localhost:5080";

    private static HubFactory DefaultInstall(string provider) => new HubFactory(provider).WithSetting("Hub:BaseUrl", null);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_default_install_stores_its_address_and_links_use_it_never_the_request_host(string provider)
    {
        await using var hub = DefaultInstall(provider);
        await hub.StartAsync();
        Assert.Equal(DefaultAddress, await hub.WithDbAsync(db => db.SiteSettings.Where(s => s.Key == SiteSettingKeys.BaseUrl).Select(s => s.Value).SingleAsync()));

        var client = hub.CreateBrowserClient(); // Host: localhost, the canonical host (the port is not compared)
        var sitemap = await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.Contains($"<loc>{DefaultAddress}/</loc>", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain("<loc>http://localhost/", sitemap, StringComparison.Ordinal);

        using var list = await client.GetAsync(new Uri("/api/v1/resources?pageSize=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.StartsWith($"<{DefaultAddress}/api/v1/resources?", string.Join(",", list.Headers.GetValues("Link")), StringComparison.Ordinal);

        // Any other Host is refused before the site does anything.
        var forged = hub.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example"), AllowAutoRedirect = false });
        using var refused = await forged.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var alive = await forged.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_reminder_job_builds_its_links_on_a_default_install(string provider)
    {
        var clock = new TestClock();
        await using var hub = DefaultInstall(provider)
            .WithSetting("Hub:Meetings:ReminderPollSeconds", "3600") // the test runs the pass itself
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        await hub.StartAsync();
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var local = MeetingTime.ToLocal(clock.GetUtcNow().AddDays(10), MeetingTime.ZoneOrDefault("Europe/London")).DateTime;
        var meetingId = await CreateMeetingAsync(hub, "Reminded on a default install", local, local.AddHours(2));
        Assert.True((await RegisterAsync(hub, meetingId, member.Id)).Succeeded);

        clock.Advance(TimeSpan.FromDays(3.5)); // six and a half days before: the 7-day reminder is due
        var queued = await hub.WithScopeAsync(sp => sp.GetRequiredService<ReminderService>().SendDueAsync(default));

        Assert.Equal(1, queued);
        var body = await hub.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == "meeting-reminder").Select(m => m.TextBody).SingleAsync());
        Assert.Contains($"{DefaultAddress}/meetings/{meetingId}", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_administrator_reached_by_another_name_is_warned_and_sets_the_address_which_is_then_the_only_one_answered(string provider)
    {
        await using var hub = DefaultInstall(provider).WithSetting("AllowedHosts", "hub.example.org");
        await hub.StartAsync();
        var admin = hub.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://hub.example.org"), AllowAutoRedirect = false, HandleCookies = true,
        });
        using (var signedIn = await PostSignInAsync(admin, HubFactory.AdminEmail, HubFactory.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var page = await admin.GetDocumentAsync("/admin/site-address");
        Assert.NotNull(page.QuerySelector("#local-address-warning"));
        Assert.Equal(DefaultAddress, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Address]")!.Value);

        using (var bad = await admin.PostFormAsync("/admin/site-address", new Dictionary<string, string> { ["Address"] = "ftp://hub.example.org/?x=1" }))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains("Enter the address as http:// or https://", await ErrorSummaryAsync(bad), StringComparison.Ordinal);
        }

        Assert.Equal(DefaultAddress, await StoredAsync(hub));
        using (var saved = await admin.PostFormAsync("/admin/site-address", new Dictionary<string, string> { ["Address"] = "https://Hub.Example.org/" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Equal("https://hub.example.org", await StoredAsync(hub));
        Assert.Null((await admin.GetDocumentAsync("/admin/site-address")).QuerySelector("#local-address-warning"));
        Assert.Contains("<loc>https://hub.example.org/</loc>", await admin.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);
        Assert.True(await hub.WithDbAsync(db => db.Set<ResearchHub.Accounts.Domain.AuditEntry>().AnyAsync(e => e.Action == "site.address" && e.Target == "https://hub.example.org")));

        // localhost is no longer the site's name (and not an AllowedHosts entry): refused.
        using var local = await hub.CreateBrowserClient().GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, local.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Behind_a_configured_proxy_each_client_has_its_own_rate_limit_and_is_told_when_to_retry(string provider)
    {
        await using var hub = new HubFactory(provider)
            .WithSetting("Hub:RateLimits:SignInPerMinute", "2")
            .WithSetting("Hub:ForwardedHeaders:KnownProxies:0", "10.1.2.3")
            .WithServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new TestPeerAddress()));
        await hub.StartAsync();
        var client = hub.CreateBrowserClient();

        async Task<HttpResponseMessage> AttemptAsync(string peer, string forwardedFor)
        {
            // Rate limiting comes before the form's own checks: an accepted attempt is refused for its missing token (400).
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/forgot-password", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "someone@example.org" }),
            };
            request.Headers.Add(TestPeerAddress.Header, peer);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return await client.SendAsync(request);
        }

        // Two clients behind the proxy: the first uses up its two attempts, the second still has its own.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptAsync("10.1.2.3", "203.0.113.1")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptAsync("10.1.2.3", "203.0.113.1")).StatusCode);
        using var limited = await AttemptAsync("10.1.2.3", "203.0.113.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptAsync("10.1.2.3", "203.0.113.2")).StatusCode);

        // A client that is not the proxy cannot pick a fresh bucket by sending X-Forwarded-For itself.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptAsync("198.51.100.7", "203.0.113.10")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptAsync("198.51.100.7", "203.0.113.11")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AttemptAsync("198.51.100.7", "203.0.113.12")).StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Over_https_every_cookie_has_the_Host_prefix_and_is_secure(string provider)
    {
        await using var hub = new HubFactory(provider).WithSetting("Hub:BaseUrl", "https://localhost");
        await hub.StartAsync();
        var client = hub.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        using var form = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.Contains("antiforgery", StringComparison.Ordinal));
        Assert.StartsWith("__Host-hub.antiforgery=", antiforgery, StringComparison.Ordinal);
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", antiforgery + ";", StringComparison.OrdinalIgnoreCase);

        using var signedIn = await PostSignInAsync(client, HubFactory.AdminEmail, HubFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.Contains("hub.auth", StringComparison.Ordinal));
        Assert.StartsWith("__Host-hub.auth=", auth, StringComparison.Ordinal);
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/admin/site-address", UriKind.Relative))).StatusCode);
    }

    private static Task<string?> StoredAsync(HubFactory hub) =>
        hub.WithDbAsync(db => db.SiteSettings.Where(s => s.Key == SiteSettingKeys.BaseUrl).Select(s => s.Value).SingleOrDefaultAsync());
}
