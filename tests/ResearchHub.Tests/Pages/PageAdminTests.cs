using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Pages.Domain;
using ResearchHub.Pages.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Pages.PagesTestHelpers;

namespace ResearchHub.Tests.Pages;

/// <summary>
/// An organiser manages pages through the real admin forms, on both providers: create, see it on
/// the site and in the menu, edit, delete; every invalid form is explained and saves nothing.
/// </summary>
public sealed class PageAdminTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_organiser_creates_edits_and_deletes_a_page_through_the_forms(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var slug = UniqueSlug("get-involved");
        var visitor = hub.CreateBrowserClient();

        // Create.
        using (var created = await client.PostFormAsync("/admin/pages/new", MainForm,
                   PageForm("Get involved", slug, "## How to join\n\nWrite to **us** or read [about us](/pages/about).", "15", published: true)))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal("/admin/pages", created.Headers.Location?.OriginalString);
        }

        var list = await client.GetDocumentAsync("/admin/pages");
        Assert.Equal("Page \"Get involved\" created and published.", list.QuerySelector("[role=status] .notification-banner__message")?.TextContent.Trim());
        var row = RowFor(list, slug);
        Assert.Contains("Published", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("15", row.TextContent, StringComparison.Ordinal);

        var saved = await FindBySlugAsync(hub, slug);
        Assert.NotNull(saved);
        Assert.Equal("Get involved", saved.Title);
        Assert.Equal(15, saved.NavOrder);
        Assert.True(saved.Published);

        // Seen by everyone, rendered from Markdown, and in the main menu.
        var shown = await visitor.GetDocumentAsync($"/pages/{slug}");
        Assert.Equal("Get involved", shown.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Equal("How to join", shown.QuerySelector("main .prose h2")?.TextContent);
        Assert.Equal("us", shown.QuerySelector("main .prose strong")?.TextContent);
        Assert.Equal("/pages/about", shown.QuerySelector("main .prose a")?.GetAttribute("href"));
        Assert.DoesNotContain("**", shown.QuerySelector("main .prose")!.TextContent, StringComparison.Ordinal);
        Assert.Null(shown.QuerySelector("main .tag")); // not a draft
        var menuLink = shown.QuerySelector($"nav.network-nav a[href='/pages/{slug}']");
        Assert.Equal("Get involved", menuLink?.TextContent);
        Assert.Equal("page", menuLink?.GetAttribute("aria-current"));

        // Edit: new title, text and address; out of the menu.
        var newSlug = UniqueSlug("join-us");
        using (var edited = await client.PostFormAsync($"/admin/pages/{saved.Id}/edit", MainForm,
                   PageForm("Join us", newSlug, "Everyone is *welcome*.", "", published: true)))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
            Assert.Equal("/admin/pages", edited.Headers.Location?.OriginalString);
        }

        list = await client.GetDocumentAsync("/admin/pages");
        Assert.Equal("Page \"Join us\" saved.", list.QuerySelector("[role=status] .notification-banner__message")?.TextContent.Trim());
        Assert.Contains("Not in menu", RowFor(list, newSlug).TextContent, StringComparison.Ordinal);
        var afterEdit = await visitor.GetDocumentAsync($"/pages/{newSlug}");
        Assert.Equal("Join us", afterEdit.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Equal("welcome", afterEdit.QuerySelector("main .prose em")?.TextContent);
        Assert.Null(afterEdit.QuerySelector($"nav.network-nav a[href='/pages/{newSlug}']"));
        Assert.Null(afterEdit.QuerySelector($"a[href='/pages/{slug}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetPageAsync($"/pages/{slug}")).Response.StatusCode);
        var updated = await FindBySlugAsync(hub, newSlug);
        Assert.Equal(saved.Id, updated?.Id);
        Assert.Null(updated?.NavOrder);
        Assert.Equal(saved.CreatedAt, updated?.CreatedAt);

        // Delete: a confirmation page, then the POST.
        var confirm = await client.GetDocumentAsync($"/admin/pages/{saved.Id}/delete");
        Assert.Equal("Are you sure you want to delete “Join us”?", confirm.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Contains($"/pages/{newSlug}", confirm.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(await FindBySlugAsync(hub, newSlug)); // asking is not deleting

        using (var deleted = await client.PostFormAsync($"/admin/pages/{saved.Id}/delete", MainForm, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.Equal("/admin/pages", deleted.Headers.Location?.OriginalString);
        }

        list = await client.GetDocumentAsync("/admin/pages");
        Assert.Equal("Page \"Join us\" deleted.", list.QuerySelector("[role=status] .notification-banner__message")?.TextContent.Trim());
        Assert.Null(list.QuerySelector($"main a[href='/pages/{newSlug}']"));
        Assert.Null(await FindBySlugAsync(hub, newSlug));
        var gone = await visitor.GetPageAsync($"/pages/{newSlug}");
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetPageAsync($"/admin/pages/{saved.Id}/edit")).Response.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_new_page_left_unpublished_is_saved_as_a_draft_and_kept_out_of_the_menu(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var slug = UniqueSlug("plans");

        using var created = await client.PostFormAsync("/admin/pages/new", MainForm, PageForm("Our plans", slug, "Soon.", "5", published: false));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await client.GetDocumentAsync("/admin/pages");
        Assert.Equal("Page \"Our plans\" created as a draft.", list.QuerySelector("[role=status] .notification-banner__message")?.TextContent.Trim());
        Assert.Contains("Draft", RowFor(list, slug).TextContent, StringComparison.Ordinal);
        Assert.False((await FindBySlugAsync(hub, slug))!.Published);
        var home = await hub.CreateBrowserClient().GetDocumentAsync("/");
        Assert.Null(home.QuerySelector($"a[href='/pages/{slug}']"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_empty_address_is_made_from_the_title(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var tag = Guid.NewGuid().ToString("N")[..8];

        using var created = await client.PostFormAsync("/admin/pages/new", MainForm, PageForm($"Café & Co {tag}!", "", "x"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.NotNull(await FindBySlugAsync(hub, $"cafe-co-{tag}"));
    }

    public static TheoryData<string, string, string, string, string> InvalidForms() => new()
    {
        // provider, title, slug, the message, the field it links to
        { "Sqlite", "Reserved", "admin", "\"admin\" is reserved for the site's own use: choose another address", "Input_Slug" },
        { "Postgres", "Reserved", "admin", "\"admin\" is reserved for the site's own use: choose another address", "Input_Slug" },
        { "Sqlite", "Reserved", "Sign-In", "\"sign-in\" is reserved for the site's own use: choose another address", "Input_Slug" },
        { "Postgres", "Reserved", "Sign-In", "\"sign-in\" is reserved for the site's own use: choose another address", "Input_Slug" },
        { "Sqlite", "Spaces", "our network", BadCharacters, "Input_Slug" },
        { "Postgres", "Spaces", "our network", BadCharacters, "Input_Slug" },
        { "Sqlite", "Slash", "about/../admin", BadCharacters, "Input_Slug" },
        { "Postgres", "Slash", "about/../admin", BadCharacters, "Input_Slug" },
        { "Sqlite", "Accent", "café", BadCharacters, "Input_Slug" },
        { "Postgres", "Accent", "café", BadCharacters, "Input_Slug" },
        { "Sqlite", "Hyphen", "-about", BadCharacters, "Input_Slug" },
        { "Postgres", "Hyphen", "-about", BadCharacters, "Input_Slug" },
        { "Sqlite", "", "no-title", "Enter a title", "Input_Title" },
        { "Postgres", "", "no-title", "Enter a title", "Input_Title" },
        { "Sqlite", "   ", "blank-title", "Enter a title", "Input_Title" },
        { "Postgres", "   ", "blank-title", "Enter a title", "Input_Title" },
    };

    private const string BadCharacters =
        "The address can only contain lowercase letters a to z, numbers and hyphens, and must start and end with a letter or number";

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public async Task An_invalid_page_is_explained_in_the_error_summary_and_nothing_is_saved(
        string provider, string title, string slug, string message, string fieldId)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var before = await PageCountAsync(hub);

        using var response = await client.PostFormAsync("/admin/pages/new", MainForm, PageForm(title, slug, "Body text", "3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        var summary = page.Document.QuerySelector("main [role=alert]");
        Assert.NotNull(summary);
        Assert.Contains("There is a problem", summary.TextContent, StringComparison.Ordinal);
        var link = summary.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent == message);
        Assert.True(link is not null, $"The error summary does not say \"{message}\": {summary.TextContent.Trim()}");
        Assert.Equal("#" + fieldId, link.GetAttribute("href"));
        Assert.NotNull(page.Document.GetElementById(fieldId)); // the link's target exists
        Assert.StartsWith("Error: ", page.Document.Title, StringComparison.Ordinal);
        // What was typed is kept, so it can be corrected.
        Assert.Equal("Body text", page.Document.QuerySelector("textarea[name='Input.BodyMarkdown']")?.TextContent.Trim());
        Assert.Equal(before, await PageCountAsync(hub));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_second_page_with_a_taken_address_is_refused_whatever_its_case(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var slug = UniqueSlug("taken");
        await CreatePageAsync(hub, slug, "The original");
        var before = await PageCountAsync(hub);

        using var response = await client.PostFormAsync("/admin/pages/new", MainForm, PageForm("A copy", "  " + slug.ToUpperInvariant() + " "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Another page already has the address /pages/{slug}: choose another", await ErrorSummaryAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await PageCountAsync(hub));
        Assert.Equal("The original", (await FindBySlugAsync(hub, slug))?.Title);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Editing_a_page_onto_another_pages_address_is_refused_and_changes_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var first = await CreatePageAsync(hub, UniqueSlug("first"), "First");
        var second = await CreatePageAsync(hub, UniqueSlug("second"), "Second", "Second's text");
        var stored = await FindBySlugAsync(hub, second.Slug);

        using var response = await client.PostFormAsync($"/admin/pages/{second.Id}/edit", MainForm, PageForm("Renamed", first.Slug, "Changed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Another page already has the address /pages/{first.Slug}", await ErrorSummaryAsync(response), StringComparison.Ordinal);
        var unchanged = await FindBySlugAsync(hub, second.Slug);
        Assert.Equal("Second", unchanged?.Title);
        Assert.Equal("Second's text", unchanged?.BodyMarkdown);
        Assert.Equal(stored!.UpdatedAt, unchanged?.UpdatedAt);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Saving_a_page_under_its_own_address_is_not_a_duplicate(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var page = await CreatePageAsync(hub, UniqueSlug("same"), "Same");

        using var response = await client.PostFormAsync($"/admin/pages/{page.Id}/edit", MainForm, PageForm("Same, retitled", page.Slug, "New text"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Same, retitled", (await FindBySlugAsync(hub, page.Slug))?.Title);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Every_problem_is_shown_at_once_in_the_order_of_the_fields(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var before = await PageCountAsync(hub);

        using var response = await client.PostFormAsync("/admin/pages/new", MainForm, PageForm("", "Not OK!", "x", "ten"));

        var page = await response.ReadPageAsync();
        var items = page.Document.QuerySelectorAll("main [role=alert] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(
            ["Enter a title", BadCharacters, "The menu position must be a whole number, like 10, or empty"],
            items);
        Assert.Equal(before, await PageCountAsync(hub));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_pages_created_at_once_with_one_address_give_one_page_and_one_clear_refusal(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var slug = UniqueSlug("race");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => hub.WithScopeAsync(sp =>
            sp.GetRequiredService<PageService>().CreateAsync(new PageDraft(slug, $"Racer {i}", "x", null, true), CancellationToken.None))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(
            $"Another page already has the address /pages/{slug}: choose another", Assert.Single(r.Errors).Message));
        Assert.NotNull(await FindBySlugAsync(hub, slug));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_form_the_server_cannot_read_is_a_bad_request_not_a_missing_page(string provider)
    {
        // ASP.NET refuses a form holding a NUL character (pasted from a binary file, or forged):
        // the visitor must be told the request was not understood, not that the page does not exist.
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var slug = UniqueSlug("nul");
        var before = await PageCountAsync(hub);

        using var response = await client.PostFormAsync("/admin/pages/new", MainForm, PageForm("Pasted\0title", slug, "Pasted\0text"));

        var page = await response.ReadPageAsync();
        Assert.Equal(
            (HttpStatusCode.BadRequest, "The request could not be understood"),
            (response.StatusCode, page.Document.QuerySelector("main h1")?.TextContent.Trim()));
        Assert.Equal(before, await PageCountAsync(hub));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_saves_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var slug = UniqueSlug("forged");
        var existing = await CreatePageAsync(hub, UniqueSlug("target"), "Target");
        var before = await PageCountAsync(hub);

        using var create = await client.PostFormAsync("/admin/pages/new", PageForm("Forged", slug, "x"),
            formSelector: MainForm, includeAntiforgeryToken: false);
        using var edit = await client.PostFormAsync($"/admin/pages/{existing.Id}/edit", PageForm("Forged", existing.Slug, "x"),
            formSelector: MainForm, includeAntiforgeryToken: false);
        using var delete = await client.PostFormAsync($"/admin/pages/{existing.Id}/delete", new Dictionary<string, string>(),
            formSelector: MainForm, includeAntiforgeryToken: false);

        foreach (var response in new[] { create, edit, delete })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var page = await response.ReadPageAsync();
            Assert.Equal("The request could not be understood", page.Document.QuerySelector("main h1")?.TextContent.Trim());
        }

        Assert.Equal(before, await PageCountAsync(hub));
        Assert.Null(await FindBySlugAsync(hub, slug));
        Assert.Equal("Target", (await FindBySlugAsync(hub, existing.Slug))?.Title);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Editing_or_deleting_a_page_that_does_not_exist_is_not_found(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var client = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        foreach (var url in new[] { "/admin/pages/999999/edit", "/admin/pages/999999/delete" })
        {
            var page = await client.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, page.Response.StatusCode);
            Assert.Equal("Page not found", page.Document.QuerySelector("main h1")?.TextContent.Trim());
        }
    }

    /// <summary>The admin list's row for the page at /pages/{slug}.</summary>
    private static IElement RowFor(IDocument list, string slug) =>
        list.QuerySelectorAll("main tbody tr").FirstOrDefault(r => r.QuerySelector($"a[href='/pages/{slug}']") is not null)
        ?? throw new InvalidOperationException($"/admin/pages lists no page at /pages/{slug}: {list.QuerySelector("main")?.TextContent}");
}
