using System.Net;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Pages.PagesTestHelpers;

namespace ResearchHub.Tests.Pages;

/// <summary>
/// Who may manage pages (administrators and organisers), who may see drafts (the same), and what
/// everyone else meets: the sign-in page, "access denied", or a friendly 404 that leaks nothing.
/// </summary>
public sealed class PageAccessTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_page_admin_screens_refuse_anonymous_visitors_members_and_partner_editors(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var page = await CreatePageAsync(hub, UniqueSlug("guarded"), "Guarded");
        string[] screens = ["/admin/pages", "/admin/pages/new", $"/admin/pages/{page.Id}/edit", $"/admin/pages/{page.Id}/delete"];
        var anonymous = hub.CreateBrowserClient();
        var member = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Member)).Email!, Password);
        var editor = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.PartnerEditor)).Email!, Password);
        var organiser = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Organiser)).Email!, Password);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        foreach (var screen in screens)
        {
            using var anon = await anonymous.GetAsync(new Uri(screen, UriKind.Relative));
            Assert.True(anon.StatusCode == HttpStatusCode.Redirect, $"{screen} for anonymous: {anon.StatusCode}");
            Assert.StartsWith("/account/sign-in", anon.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(screen), anon.Headers.Location.OriginalString, StringComparison.OrdinalIgnoreCase);

            foreach (var (who, client) in new[] { ("member", member), ("partner editor", editor) })
            {
                using var refused = await client.GetAsync(new Uri(screen, UriKind.Relative));
                Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"{screen} for a {who}: {refused.StatusCode}");
                Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }

            foreach (var (who, client) in new[] { ("organiser", organiser), ("administrator", admin) })
            {
                var served = await client.GetPageAsync(screen);
                Assert.True(served.Response.StatusCode == HttpStatusCode.OK, $"{screen} for an {who}: {served.Response.StatusCode}");
                Assert.False(string.IsNullOrWhiteSpace(served.Document.QuerySelector("main h1")?.TextContent), $"{screen} has no heading");
            }
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_or_partner_editor_cannot_post_the_page_forms_even_with_a_valid_token(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var page = await CreatePageAsync(hub, UniqueSlug("kept"), "Kept");
        var before = await PageCountAsync(hub);

        foreach (var role in new[] { HubRoles.Member, HubRoles.PartnerEditor })
        {
            var client = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, role)).Email!, Password);
            // A genuine token for this session, from a page the member may see.
            var token = (await client.GetDocumentAsync("/account/profile"))
                .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var posts = new (string Url, Dictionary<string, string> Fields)[]
            {
                ("/admin/pages/new", PageForm("Hijack", UniqueSlug("hijack"), "x")),
                ($"/admin/pages/{page.Id}/edit", PageForm("Hijacked", page.Slug, "x")),
                ($"/admin/pages/{page.Id}/delete", []),
            };

            foreach (var (url, fields) in posts)
            {
                fields[HubClientExtensions.AntiforgeryField] = token;
                using var response = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {url} by a {role}: {response.StatusCode}");
                Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await PageCountAsync(hub));
        Assert.Equal("Kept", (await FindBySlugAsync(hub, page.Slug))?.Title);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_draft_is_not_found_for_visitors_and_members_and_marked_as_a_draft_for_organisers_and_admins(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var slug = UniqueSlug("draft");
        await CreatePageAsync(hub, slug, "Secret plans", "The *unannounced* thing.", navOrder: 1, published: false);
        var member = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Member)).Email!, Password);
        var editor = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.PartnerEditor)).Email!, Password);

        foreach (var (who, client) in new[] { ("anonymous", hub.CreateBrowserClient()), ("member", member), ("partner editor", editor) })
        {
            var page = await client.GetPageAsync($"/pages/{slug}");
            Assert.True(page.Response.StatusCode == HttpStatusCode.NotFound, $"A draft for {who}: {page.Response.StatusCode}");
            Assert.Equal("Page not found", page.Document.QuerySelector("main h1")?.TextContent.Trim());
            // Nothing of the draft leaks: not its title, its text, nor a menu link.
            Assert.DoesNotContain("Secret plans", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("unannounced", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Draft", page.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

            var home = await client.GetDocumentAsync("/");
            Assert.Null(home.QuerySelector($"a[href='/pages/{slug}']"));
        }

        var organiser = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Organiser)).Email!, Password);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        foreach (var (who, client) in new[] { ("organiser", organiser), ("administrator", admin) })
        {
            var page = await client.GetPageAsync($"/pages/{slug}");
            Assert.True(page.Response.StatusCode == HttpStatusCode.OK, $"A draft for an {who}: {page.Response.StatusCode}");
            Assert.Equal("Secret plans", page.Document.QuerySelector("main h1")?.TextContent.Trim());
            Assert.Equal("Draft", page.Document.QuerySelector("main .page-header .tag")?.TextContent.Trim());
            Assert.Equal("unannounced", page.Document.QuerySelector("main .prose em")?.TextContent);
            Assert.NotNull(page.Document.QuerySelector($"main a[href^='/admin/pages/'][href$='/edit']"));
            // Still not in the menu: the menu is the site's, not the organiser's.
            Assert.Null(page.Document.QuerySelector($"nav.network-nav a[href='/pages/{slug}']"));
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_published_page_is_served_to_everyone_without_an_edit_link_for_visitors(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var slug = UniqueSlug("public");
        await CreatePageAsync(hub, slug, "Open to all", "Hello.");

        var page = await hub.CreateBrowserClient().GetDocumentAsync($"/pages/{slug.ToUpperInvariant()}");

        Assert.Equal("Open to all", page.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Equal("Open to all – Research Network", page.Title);
        Assert.Null(page.QuerySelector("main .tag"));
        Assert.Null(page.QuerySelector("main a[href^='/admin/']"));
    }

    [Theory]
    [InlineData("Sqlite", "/pages/no-such-page-at-all")]
    [InlineData("Postgres", "/pages/no-such-page-at-all")]
    [InlineData("Sqlite", "/pages/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("Sqlite", "/pages/admin")]
    public async Task An_unknown_address_is_a_friendly_not_found_page_without_internals(string provider, string url)
    {
        var hub = await hubs.GetAsync(provider);

        var page = await hub.CreateBrowserClient().GetPageAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, page.Response.StatusCode);
        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Page not found", page.Document.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Single(page.Document.QuerySelectorAll("h1"));
        Assert.NotNull(page.Document.QuerySelector("main a[href='/']"));
        foreach (var internals in new[] { "Exception", "   at ", "StackTrace", ".cs:line", "ResearchHub.Pages", "<script>alert" })
        {
            Assert.DoesNotContain(internals, page.Html, StringComparison.Ordinal);
        }
    }
}
