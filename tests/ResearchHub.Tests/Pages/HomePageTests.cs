using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Settings;
using ResearchHub.Tests.Core;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Pages.PagesTestHelpers;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Tests.Pages;

/// <summary>
/// The home page: the network's name from the settings, its published pages as cards; and the demo
/// recipe giving a fresh hub the LAC Research Network, applied once however often the hub starts.
/// </summary>
public sealed class HomePageTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_home_page_shows_the_network_name_from_the_settings_and_published_pages_as_cards(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var name = $"Network {Guid.NewGuid():N}"[..16];
        await SetSettingAsync(hub, SiteSettingKeys.NetworkName, name);
        await SetSettingAsync(hub, SiteSettingKeys.Tagline, "Evidence, shared");
        var published = await CreatePageAsync(hub, UniqueSlug("published"), "Published page",
            "## Heading\n\nThe **first** paragraph, with [a link](https://example.org).\n\nThe second paragraph.", navOrder: 7);
        var outOfMenu = await CreatePageAsync(hub, UniqueSlug("out-of-menu"), "Not in the menu", "Still a card.");
        var draft = await CreatePageAsync(hub, UniqueSlug("draft"), "Draft page", "Not yet.", navOrder: 8, published: false);

        var home = await hub.CreateBrowserClient().GetDocumentAsync("/");

        var h1 = Assert.Single(home.QuerySelectorAll("h1"));
        Assert.Equal(name, h1.TextContent.Trim());
        Assert.Equal($"Home – {name}", home.Title);
        Assert.Equal("Evidence, shared", home.QuerySelector("main .hero .lead")?.TextContent.Trim());
        Assert.Equal(name, home.QuerySelector(".site-header__name")?.TextContent.Trim());

        var cards = home.QuerySelectorAll("main section[aria-labelledby='home-pages'] .card").ToList();
        var card = Assert.Single(cards, c => c.QuerySelector($"a[href='/pages/{published.Slug}']") is not null);
        Assert.Equal("Published page", card.QuerySelector(".card__title")?.TextContent.Trim());
        // The excerpt is the first paragraph, as plain text: no Markdown, no live link.
        Assert.Equal("The first paragraph, with a link.", card.QuerySelector(".card__body")?.TextContent.Trim());
        Assert.Single(card.QuerySelectorAll("a"));
        Assert.Single(cards, c => c.QuerySelector($"a[href='/pages/{outOfMenu.Slug}']") is not null);
        Assert.DoesNotContain(cards, c => c.QuerySelector($"a[href='/pages/{draft.Slug}']") is not null);
        Assert.DoesNotContain("Draft page", home.Body!.TextContent, StringComparison.Ordinal);

        // Menu: published pages with a position only.
        Assert.Equal("Published page", home.QuerySelector($"nav.network-nav a[href='/pages/{published.Slug}']")?.TextContent);
        Assert.Null(home.QuerySelector($"nav.network-nav a[href='/pages/{outOfMenu.Slug}']"));
        Assert.Null(home.QuerySelector($"nav.network-nav a[href='/pages/{draft.Slug}']"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_main_menu_lists_pages_in_their_menu_order(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var later = await CreatePageAsync(hub, UniqueSlug("later"), "AAA later", navOrder: 9000);
        var sooner = await CreatePageAsync(hub, UniqueSlug("sooner"), "ZZZ sooner", navOrder: 8999);

        var home = await hub.CreateBrowserClient().GetDocumentAsync("/");

        var hrefs = home.QuerySelectorAll("nav.network-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.True(hrefs.IndexOf($"/pages/{sooner.Slug}") is >= 0 and var s && s < hrefs.IndexOf($"/pages/{later.Slug}"),
            $"Menu order: {string.Join(", ", hrefs)}");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_demo_recipe_gives_a_fresh_hub_the_lac_network_once_however_often_it_starts(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var recipe = HubFactory.RecipePath("lac-research-network.recipe.json");
        int pages;
        await using (var first = new HubFactory(storage).WithSetting("Hub:Setup:Recipe", recipe))
        {
            await first.StartAsync();

            var home = await first.CreateBrowserClient().GetDocumentAsync("/");
            Assert.Equal("LAC Research Network", Assert.Single(home.QuerySelectorAll("h1")).TextContent.Trim());
            Assert.StartsWith("Sharing evaluation, evidence and learning", home.QuerySelector("main .lead")?.TextContent.Trim(), StringComparison.Ordinal);
            // The intro setting is Markdown with links inside the site.
            Assert.NotNull(home.QuerySelector("main .prose a[href='/pages/about']"));
            foreach (var (slug, title) in new[] { ("about", "About the network"), ("practice-areas", "Practice areas"), ("evaluation-pathway", "The evaluation pathway") })
            {
                Assert.Equal(title, home.QuerySelector($"main .card a[href='/pages/{slug}']")?.TextContent.Trim());
                Assert.Equal(title, home.QuerySelector($"nav.network-nav a[href='/pages/{slug}']")?.TextContent.Trim());
                var page = await first.CreateBrowserClient().GetDocumentAsync($"/pages/{slug}");
                Assert.Equal(title, page.QuerySelector("main h1")?.TextContent.Trim());
                Assert.Empty(page.QuerySelectorAll("main .prose h1"));
            }

            // The pathway's links to other sites are marked, and its table rendered.
            var pathway = await first.CreateBrowserClient().GetDocumentAsync("/pages/evaluation-pathway");
            var euroqol = pathway.QuerySelector("main .prose a[href='https://euroqol.org/']");
            Assert.Equal("noopener noreferrer", euroqol?.GetAttribute("rel"));
            Assert.NotNull(pathway.QuerySelector("main .prose table th"));

            pages = await first.WithDbAsync(async db =>
            {
                Assert.Equal(1, await db.RecipeRuns.CountAsync());
                Assert.Equal("lac-research-network", (await db.RecipeRuns.SingleAsync()).Name);
                Assert.Equal(10, await db.Set<Organisation>().CountAsync());
                Assert.True(await db.Set<Organisation>().AnyAsync(o => o.Name == "Evaluation Support Scotland" && o.Kind == OrganisationKind.ResearchPartner));
                Assert.Equal(
                    ["about", "evaluation-pathway", "get-involved", "practice-areas"],
                    await db.Set<Page>().OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync());
                Assert.Equal(HubRoles.Organiser, await RoleOfAsync(db, "organiser@example.org"));
                Assert.Equal(HubRoles.PartnerEditor, await RoleOfAsync(db, "p.shah@example.org"));
                Assert.Equal(HubRoles.Member, await RoleOfAsync(db, "s.taylor@example.org"));
                var organiser = await db.Set<HubUser>().Include(u => u.Organisation).SingleAsync(u => u.Email == "organiser@example.org");
                Assert.Equal("Alex Morgan", organiser.DisplayName);
                Assert.Equal("Local Area Coordination Network", organiser.Organisation?.Name);
                Assert.Single(await MigrationTests.AdministratorsAsync(db));
                return await db.Set<Page>().CountAsync();
            });
        }

        // A second start on the same data (a restart, or another node): nothing is applied twice.
        await using var second = new HubFactory(storage).WithSetting("Hub:Setup:Recipe", recipe);
        await second.StartAsync();
        await second.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.RecipeRuns.CountAsync());
            Assert.Equal(pages, await db.Set<Page>().CountAsync());
            Assert.Equal(10, await db.Set<Organisation>().CountAsync());
            Assert.Equal(1, await db.Set<HubUser>().CountAsync(u => u.Email == "organiser@example.org"));
            Assert.Single(await MigrationTests.AdministratorsAsync(db));
        });
        var again = await second.CreateBrowserClient().GetDocumentAsync("/");
        Assert.Equal("LAC Research Network", again.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Equal(4, again.QuerySelectorAll("main section[aria-labelledby='home-pages'] .card").Length);
    }

    private static Task SetSettingAsync(HubFactory hub, string key, string value) =>
        hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            await sp.GetRequiredService<SiteSettingsService>().SetAsync(key, value);
            await db.SaveChangesAsync();
        });

    private static async Task<string?> RoleOfAsync(HubDbContext db, string email) =>
        await (from user in db.Set<HubUser>()
               join link in db.Set<IdentityUserRole<string>>() on user.Id equals link.UserId
               join role in db.Set<IdentityRole>() on link.RoleId equals role.Id
               where user.Email == email
               select role.Name).SingleOrDefaultAsync();
}
