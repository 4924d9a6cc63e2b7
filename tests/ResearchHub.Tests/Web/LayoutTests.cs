using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Pages.PagesTestHelpers;

namespace ResearchHub.Tests.Web;

/// <summary>
/// The theme's layout on real pages, anonymous and signed in: one h1, a working skip link, the
/// page's language, nothing inline that the Content-Security-Policy would block, unique ids, the
/// admin menu only for those it has items for, and a sign-out form protected against forgery.
/// </summary>
public sealed class LayoutTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    private static readonly string[] AdminPages =
        ["/", "/admin/members", "/admin/pages", "/admin/pages/new", "/account/profile", "/account/tokens", "/admin/mail"];

    [Fact]
    public async Task Anonymous_pages_follow_the_layout_rules()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var slug = UniqueSlug("layout");
        await CreatePageAsync(hub, slug, "Layout check", "# A heading the body starts with\n\nText with [a link](https://example.org).", navOrder: 50);
        var client = hub.CreateBrowserClient();

        foreach (var url in new[] { "/", "/account/sign-in", $"/pages/{slug}" })
        {
            var page = await client.GetPageAsync(url);
            Assert.True(page.Response.StatusCode == HttpStatusCode.OK, $"{url}: {page.Response.StatusCode}");
            AssertLayout(url, page);
        }

        var missing = await client.GetPageAsync("/pages/not-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        AssertLayout("/pages/not-here (404)", missing);
    }

    [Fact]
    public async Task Signed_in_administrator_pages_follow_the_layout_rules()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var page = await CreatePageAsync(hub, UniqueSlug("admin-layout"), "Admin layout");
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        foreach (var url in AdminPages.Append($"/admin/pages/{page.Id}/edit").Append($"/admin/pages/{page.Id}/delete"))
        {
            var served = await admin.GetPageAsync(url);
            Assert.True(served.Response.StatusCode == HttpStatusCode.OK, $"{url}: {served.Response.StatusCode}");
            AssertLayout(url, served);
        }
    }

    [Fact]
    public async Task A_form_redisplayed_with_errors_follows_the_layout_rules_too()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        using var response = await admin.PostFormAsync("/admin/pages/new", MainForm, PageForm("", "admin"));

        var page = await response.ReadPageAsync();
        Assert.NotNull(page.Document.QuerySelector("main [role=alert]"));
        AssertLayout("/admin/pages/new with errors", page);
    }

    [Fact]
    public async Task Headings_in_members_markdown_never_duplicate_the_pages_own_ids()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var slug = UniqueSlug("ids");
        await CreatePageAsync(hub, slug, "Ids", "## Main\n\nx\n\n## Main nav list\n\nx\n\n## Error summary title\n\nx", navOrder: 60);
        await hub.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SiteSettingsService>().SetAsync("HomeIntro", "## Home pages\n\nWelcome.");
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
        });
        var client = hub.CreateBrowserClient();

        var content = await client.GetPageAsync($"/pages/{slug}");
        AssertLayout($"/pages/{slug}", content);
        // The small-screen menu button controls the menu, not a heading.
        var toggle = content.Document.QuerySelector("button.main-nav__toggle");
        Assert.Equal("ul", content.Document.GetElementById(toggle!.GetAttribute("aria-controls")!)?.LocalName);

        var home = await client.GetPageAsync("/");
        AssertLayout("/ with a heading in the introduction", home);
        // The pages section is labelled by its own heading, not by the introduction's.
        var section = home.Document.QuerySelectorAll("main section[aria-labelledby]").Single(s => s.QuerySelector(".card-grid") is not null);
        Assert.Equal("Find out more", home.Document.GetElementById(section.GetAttribute("aria-labelledby")!)?.TextContent);
    }

    [Fact]
    public async Task The_admin_menu_appears_only_for_those_who_may_use_it()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var member = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Member)).Email!, Password);
        var editor = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.PartnerEditor)).Email!, Password);
        var organiser = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Organiser)).Email!, Password);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        foreach (var (who, client) in new[] { ("anonymous", hub.CreateBrowserClient()), ("member", member), ("partner editor", editor) })
        {
            var home = await client.GetDocumentAsync("/");
            Assert.True(home.QuerySelector("nav.admin-nav") is null, $"The admin menu is shown to {who}");
            Assert.Null(home.QuerySelector("a[href^='/admin']"));
        }

        // The menu shows exactly what the modules' navigation offers each role, in order; modules
        // add items as they land, so the expectation comes from the navigation service itself.
        var adminMenu = AdminMenu(await admin.GetDocumentAsync("/"));
        Assert.Equal(await MenuForAsync(hub, HubRoles.Administrator), adminMenu);
        Assert.Superset(new HashSet<string?> { "/admin/members", "/admin/organisations", "/admin/invitations", "/admin/pages", "/admin/mail", "/admin/audit" }, adminMenu.ToHashSet());

        // Organisers get only what their permissions allow (pages, their module screens), never the accounts screens.
        var organiserMenu = AdminMenu(await organiser.GetDocumentAsync("/"));
        Assert.Equal(await MenuForAsync(hub, HubRoles.Organiser), organiserMenu);
        Assert.Contains("/admin/pages", organiserMenu);
        Assert.DoesNotContain("/admin/members", organiserMenu);
        Assert.DoesNotContain("/admin/mail", organiserMenu);
    }

    [Fact]
    public async Task The_current_admin_screen_is_marked_in_the_admin_menu()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        var page = await admin.GetDocumentAsync("/admin/pages/new");

        var current = page.QuerySelectorAll("nav.admin-nav a[aria-current=page]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/admin/pages"], current);
    }

    [Fact]
    public async Task The_sign_out_form_carries_an_antiforgery_token_and_signs_out()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        var profile = await client.GetDocumentAsync("/account/profile");
        var form = Assert.Single(profile.QuerySelectorAll("header form[action='/account/sign-out']"));
        Assert.Equal("post", form.GetAttribute("method"));
        var token = form.QuerySelector($"input[type=hidden][name={HubClientExtensions.AntiforgeryField}]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), "The sign-out form has no antiforgery token");
        Assert.Contains("Test Member", profile.QuerySelector("header .user-nav__who")?.TextContent, StringComparison.Ordinal);

        // Without the token, signing out is refused and the session stays.
        using (var forged = await client.PostFormAsync("/account/profile", new Dictionary<string, string>(),
                   formSelector: "form[action='/account/sign-out']", includeAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/account/profile")).Response.StatusCode);

        using (var signedOut = await client.PostFormAsync("/account/profile", new Dictionary<string, string>(), formSelector: "form[action='/account/sign-out']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        using var after = await client.GetAsync(new Uri("/account/profile", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var home = await client.GetDocumentAsync("/");
        Assert.Null(home.QuerySelector("form[action='/account/sign-out']"));
    }

    private static List<string?> AdminMenu(IDocument page) =>
        [.. page.QuerySelectorAll("nav.admin-nav a").Select(a => a.GetAttribute("href"))];

    /// <summary>The rules every page of the site keeps, each failure naming the page.</summary>
    private static void AssertLayout(string url, HubPage page)
    {
        var document = page.Document;

        Assert.Equal("en-GB", document.DocumentElement.GetAttribute("lang"));
        Assert.False(string.IsNullOrWhiteSpace(document.Title), $"{url} has no <title>");

        var headings = document.QuerySelectorAll("h1");
        Assert.True(headings.Length == 1, $"{url} has {headings.Length} h1 elements: {string.Join(" | ", headings.Select(h => h.TextContent.Trim()))}");
        Assert.False(string.IsNullOrWhiteSpace(headings[0].TextContent), $"{url} has an empty h1");
        Assert.NotNull(headings[0].Closest("main"));

        // The skip link is the first link of the page, and its target exists, once, as <main>.
        var firstLink = document.QuerySelector("body a");
        Assert.Equal("#main", firstLink?.GetAttribute("href"));
        Assert.Contains("skip-link", firstLink!.ClassList);
        var targets = document.QuerySelectorAll("[id=main]");
        Assert.True(targets.Length == 1, $"{url} has {targets.Length} elements with id \"main\"");
        Assert.Equal("main", targets[0].LocalName);
        Assert.Single(document.QuerySelectorAll("main"));

        // The Content-Security-Policy allows no inline script or style.
        var inlineScripts = document.QuerySelectorAll("script:not([src])");
        Assert.True(inlineScripts.Length == 0, $"{url} has inline script: {inlineScripts.FirstOrDefault()?.OuterHtml}");
        var styled = document.QuerySelectorAll("[style]");
        Assert.True(styled.Length == 0, $"{url} has style attributes: {styled.FirstOrDefault()?.OuterHtml}");
        Assert.True(document.QuerySelectorAll("style").Length == 0, $"{url} has a <style> element");
        var handlers = document.QuerySelectorAll("*")
            .SelectMany(e => e.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => $"<{e.LocalName} {a.Name}>"))
            .ToList();
        Assert.True(handlers.Count == 0, $"{url} has inline event handlers: {string.Join(", ", handlers)}");
        Assert.DoesNotContain(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        foreach (var script in document.QuerySelectorAll("script[src]"))
        {
            Assert.StartsWith("/", script.GetAttribute("src"), StringComparison.Ordinal);
        }

        // Every id is unique: labels, aria-describedby and the skip link depend on it.
        var duplicates = document.QuerySelectorAll("[id]").GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{url} repeats the ids {string.Join(", ", duplicates)}");

        // Every form that posts carries antiforgery.
        foreach (var form in document.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.True(form.QuerySelector($"input[name={HubClientExtensions.AntiforgeryField}]") is not null,
                $"{url} has a POST form to {form.GetAttribute("action") ?? "itself"} without antiforgery");
        }
    }

    private static Task<List<string?>> MenuForAsync(HubFactory hub, string role) =>
        hub.WithScopeAsync(async sp =>
        {
            var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role)], "test"));
            var items = await sp.GetRequiredService<NavigationService>().ForAsync(NavMenu.Admin, principal);
            return items.Select(i => (string?)i.Url).ToList();
        });
}
