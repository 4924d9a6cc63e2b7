using System.Net;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Web;

/// <summary>Every response carries the safety headers; health endpoints answer for load balancers.</summary>
public sealed class SecurityHeadersTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/me")]
    public async Task Every_response_carries_a_strict_csp_nosniff_and_frame_denial(string url)
    {
        var hub = await hubs.GetAsync("Sqlite");
        using var client = hub.CreateBrowserClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray(), StringComparer.Ordinal);
        var scripts = directives.GetValueOrDefault("script-src") ?? directives["default-src"];
        Assert.DoesNotContain("'unsafe-inline'", scripts);
        Assert.DoesNotContain("'unsafe-eval'", scripts);
        Assert.DoesNotContain("*", scripts);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS must only be sent over HTTPS");
    }

    [Fact]
    public async Task An_html_page_carries_the_csp_and_loads_no_inline_script()
    {
        var hub = await hubs.GetAsync("Sqlite");
        using var client = hub.CreateBrowserClient();

        var page = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SecurityHeadersMiddlewareCsp, Assert.Single(page.Response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(page.Response.Headers.GetValues("X-Content-Type-Options")));
        // The CSP would block inline script anyway; the page must not depend on any.
        Assert.All(page.Document.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrWhiteSpace(s.GetAttribute("src")), $"inline script: {s.OuterHtml}"));
        Assert.Empty(page.Document.QuerySelectorAll("[onclick], [onload], [onsubmit], [style]"));
    }

    private static string SecurityHeadersMiddlewareCsp => ResearchHub.Web.Hosting.SecurityHeadersMiddleware.ContentSecurityPolicy;

    [Fact]
    public async Task Healthz_says_ok_and_readyz_says_ready()
    {
        var hub = await hubs.GetAsync("Sqlite");
        using var client = hub.CreateBrowserClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_says_not_ready_when_the_database_is_unreachable()
    {
        // A PostgreSQL address nothing listens on: the database cannot answer. Migrations are not run
        // at start (they could not be), so the host comes up and must report itself not ready.
        await using var hub = new HubFactory("Sqlite")
            .WithSetting("Hub:Database:Provider", "Postgres")
            .WithSetting("Hub:Database:ConnectionString", $"Host=127.0.0.1;Port={TestEnvironment.FreePort()};Username=nobody;Timeout=2")
            .WithSetting("Hub:Database:MigrateOnStart", "false");
        using var client = hub.CreateBrowserClient();

        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("not ready", await ready.Content.ReadAsStringAsync());
    }
}
