using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Recipes;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Pages.PagesTestHelpers;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Tests.Pages;

/// <summary>Hubs whose clock the recipe tests move, so an unchanged UpdatedAt means "not rewritten".</summary>
public sealed class PagesClockedHubs : HubFactoryFixture
{
    public TestClock Clock { get; } = new();

    protected override void Configure(HubFactory factory) =>
        factory.WithServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>The recipe step "pages" on both providers: idempotent, validated like the forms, all or nothing.</summary>
public sealed class PagesRecipeStepTests(PagesClockedHubs hubs) : IClassFixture<PagesClockedHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Running_the_step_twice_leaves_the_same_rows_with_the_same_update_times(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipe = PagesRecipe(tag, $$"""
            { "slug": " Welcome-{{tag}} ", "title": "  Welcome  ", "body": "## Hello\n\nText.", "navOrder": 5 },
            { "slug": "hidden-{{tag}}", "title": "Hidden", "published": false },
            { "slug": "plain-{{tag}}", "title": "Plain", "body": "Plain text.", "navOrder": null }
            """);

        await RunAsync(hub, recipe);
        var first = await SnapshotAsync(hub, tag);
        Assert.Equal(
            [
                $"hidden-{tag}|Hidden||-|False",
                $"plain-{tag}|Plain|Plain text.|-|True",
                $"welcome-{tag}|Welcome|## Hello\n\nText.|5|True",
            ],
            first.Select(p => $"{p.Slug}|{p.Title}|{p.BodyMarkdown}|{p.NavOrder?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}|{p.Published}"));

        hubs.Clock.Advance(TimeSpan.FromHours(1));
        await RunAsync(hub, recipe);

        var second = await SnapshotAsync(hub, tag);
        Assert.Equal(first.Select(Describe), second.Select(Describe));
        Assert.Equal(2, await hub.WithDbAsync(db => db.RecipeRuns.CountAsync(r => r.Name == $"pages {tag}")));

        // The check above can fail: a page whose fields changed is rewritten, and only that one.
        hubs.Clock.Advance(TimeSpan.FromHours(1));
        await RunAsync(hub, recipe.Replace("\"Plain\"", "\"Plain, renamed\"", StringComparison.Ordinal));
        var third = await SnapshotAsync(hub, tag);
        var renamed = third.Single(p => p.Slug == $"plain-{tag}");
        Assert.Equal("Plain, renamed", renamed.Title);
        Assert.Equal(hubs.Clock.GetUtcNow(), renamed.UpdatedAt);
        Assert.Equal(first.Single(p => p.Slug == $"plain-{tag}").CreatedAt, renamed.CreatedAt);
        Assert.Equal(
            first.Where(p => p.Slug != $"plain-{tag}").Select(Describe),
            third.Where(p => p.Slug != $"plain-{tag}").Select(Describe));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_invalid_slug_in_the_second_item_rolls_back_the_first_and_names_the_item(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var existing = await CreatePageAsync(hub, $"existing-{tag}", "Existing", "Original text.");
        var before = await PageCountAsync(hub);
        var recipe = PagesRecipe(tag, $$"""
            { "slug": "good-{{tag}}", "title": "Good page" },
            { "slug": "existing-{{tag}}", "title": "Existing, changed", "body": "Changed text." },
            { "slug": "Bad Slug {{tag}}!", "title": "Bad page" }
            """);

        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(hub, recipe));

        Assert.StartsWith("pages.recipe.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pages[2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"\"Bad Slug {tag}!\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("lowercase letters a to z, numbers and hyphens", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PageCountAsync(hub));
        Assert.Null(await FindBySlugAsync(hub, $"good-{tag}"));
        var unchanged = await FindBySlugAsync(hub, existing.Slug);
        Assert.Equal("Existing", unchanged?.Title);
        Assert.Equal("Original text.", unchanged?.BodyMarkdown);
        Assert.Equal(0, await hub.WithDbAsync(db => db.RecipeRuns.CountAsync(r => r.Name == $"pages {tag}")));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_step_refuses_what_the_form_refuses_naming_the_item(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var before = await PageCountAsync(hub);
        var cases = new (string Item, string[] Expected)[]
        {
            ("""{ "slug": "admin", "title": "Admin" }""", ["pages[1]", "\"admin\" is reserved"]),
            ($$"""{ "slug": "empty-title-{{tag}}", "title": "   " }""", ["pages[1]", "\"title\" is required"]),
            ($$"""{ "slug": "menu-{{tag}}", "title": "Menu", "navOrder": -1 }""", ["pages[1]", "menu position"]),
            ($$"""{ "slug": "menu-{{tag}}", "title": "Menu", "navOrder": "ten" }""", ["pages[1]", "\"navOrder\" must be a whole number"]),
            ("""{ "title": "No slug" }""", ["pages[1]", "\"slug\" is required"]),
        };

        foreach (var (item, expected) in cases)
        {
            var recipe = PagesRecipe(tag, $$"""{ "slug": "fine-{{tag}}", "title": "Fine" }, {{item}}""");
            var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(hub, recipe));
            foreach (var text in expected)
            {
                Assert.Contains(text, ex.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await PageCountAsync(hub));
        Assert.Null(await FindBySlugAsync(hub, $"fine-{tag}"));
    }

    private static string PagesRecipe(string tag, string items) => $$"""
        { "name": "pages {{tag}}", "steps": [ { "name": "pages", "pages": [ {{items}} ] } ] }
        """;

    private static Task RunAsync(HubFactory hub, string json) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(Encoding.UTF8.GetBytes(json), "pages.recipe.json", CancellationToken.None));

    private static Task<List<Page>> SnapshotAsync(HubFactory hub, string tag) =>
        hub.WithDbAsync(db => db.Set<Page>().AsNoTracking().Where(p => EF.Functions.Like(p.Slug, "%-" + tag)).OrderBy(p => p.Slug).ToListAsync());

    private static string Describe(Page p) =>
        $"{p.Id}|{p.Slug}|{p.Title}|{p.BodyMarkdown}|{p.NavOrder}|{p.Published}|{p.CreatedAt:O}|{p.UpdatedAt:O}";
}
