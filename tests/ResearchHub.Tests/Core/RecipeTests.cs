using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Recipes;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Core;

/// <summary>The recipe engine on both providers: one transaction, problems named, idempotent.</summary>
public sealed class RecipeTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Unknown_step_is_named_and_nothing_changes_even_after_valid_steps(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var before = await SnapshotAsync(hub);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipe = $$"""
            {
              "name": "unknown step {{tag}}",
              "steps": [
                { "name": "settings", "values": { "Tagline": "changed {{tag}}" } },
                { "name": "organisations", "organisations": [ { "name": "Org {{tag}}", "kind": "funder" } ] },
                { "name": "teleport", "to": "Mars" }
              ]
            }
            """;

        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(hub, recipe, "unknown.recipe.json"));

        Assert.Contains("\"teleport\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("steps[2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown step", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(hub));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Malformed_json_names_line_and_position_and_nothing_changes(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var before = await SnapshotAsync(hub);
        const string recipe = "{\n  \"name\": \"broken\",\n  \"steps\": [ { \"name\": \"settings\" \"values\": {} } ]\n}\n";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(hub, recipe, "broken.recipe.json"));

        Assert.StartsWith("broken.recipe.json is not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(line 3, position \d+\)", ex.Message);
        Assert.Equal(before, await SnapshotAsync(hub));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_step_failing_midway_rolls_back_the_steps_before_it(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var before = await SnapshotAsync(hub);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipe = $$"""
            {
              "name": "fails midway {{tag}}",
              "steps": [
                { "name": "settings", "values": { "Tagline": "changed {{tag}}", "Extra{{tag}}": "x" } },
                { "name": "organisations", "organisations": [
                    { "name": "Good org {{tag}}", "kind": "research partner" },
                    { "name": "Bad org {{tag}}", "kind": "spaceship" } ] }
              ]
            }
            """;

        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(hub, recipe, "midway.recipe.json"));

        Assert.Contains("spaceship", ex.Message, StringComparison.Ordinal);
        Assert.Contains("organisations[1]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(hub));
        await hub.WithDbAsync(async db =>
        {
            Assert.False(await db.SiteSettings.AnyAsync(s => s.Key == "Extra" + tag));
            Assert.False(await db.Set<Organisation>().AnyAsync(o => o.Name == "Good org " + tag));
        });
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Running_the_same_recipe_twice_leaves_the_same_rows(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipe = $$"""
            {
              "name": "idempotent {{tag}}",
              "description": "settings, organisations and members",
              "steps": [
                { "name": "settings", "values": { "Setting{{tag}}": "value {{tag}}" } },
                { "name": "organisations", "organisations": [
                    { "name": "Uni {{tag}}", "kind": "research-partner", "website": "https://uni.example.org" },
                    { "name": "Site {{tag}}", "kind": "LAC site" } ] },
                { "name": "members", "members": [
                    { "email": "member-{{tag}}@example.org", "displayName": "Member {{tag}}", "role": "PartnerEditor", "organisation": "Uni {{tag}}" } ] }
              ]
            }
            """;

        await RunAsync(hub, recipe, "idempotent.recipe.json");
        var afterFirst = await SnapshotAsync(hub, includeRecipeRuns: false);
        Assert.Contains($"Setting{tag}=value {tag}", afterFirst, StringComparison.Ordinal);
        Assert.Contains($"Uni {tag}|ResearchPartner|https://uni.example.org", afterFirst, StringComparison.Ordinal);
        Assert.Contains($"Site {tag}|LacSite|", afterFirst, StringComparison.Ordinal);
        Assert.Contains($"member-{tag}@example.org|Member {tag}|Uni {tag}|PartnerEditor", afterFirst, StringComparison.Ordinal);

        await RunAsync(hub, recipe, "idempotent.recipe.json");

        Assert.Equal(afterFirst, await SnapshotAsync(hub, includeRecipeRuns: false));
        Assert.Equal(2, await hub.WithDbAsync(db => db.RecipeRuns.CountAsync(r => r.Name == $"idempotent {tag}")));
    }

    private static Task RunAsync(HubFactory hub, string json, string source) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(Encoding.UTF8.GetBytes(json), source, CancellationToken.None));

    /// <summary>Everything a recipe can touch, as text, so "unchanged" is one comparison with a readable diff.</summary>
    private static Task<string> SnapshotAsync(HubFactory hub, bool includeRecipeRuns = true) => hub.WithDbAsync(async db =>
    {
        var text = new StringBuilder();
        foreach (var setting in await db.SiteSettings.OrderBy(s => s.Key).ToListAsync())
        {
            text.Append("setting ").Append(setting.Key).Append('=').AppendLine(setting.Value);
        }

        foreach (var organisation in await db.Set<Organisation>().OrderBy(o => o.Name).ToListAsync())
        {
            text.Append("organisation ").AppendLine($"{organisation.Name}|{organisation.Kind}|{organisation.Website}|{organisation.RorId}");
        }

        var members = await (from user in db.Set<HubUser>()
                             join link in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>() on user.Id equals link.UserId
                             join role in db.Set<Microsoft.AspNetCore.Identity.IdentityRole>() on link.RoleId equals role.Id
                             orderby user.Email, role.Name
                             select new { user.Email, user.DisplayName, Organisation = user.Organisation!.Name, role.Name }).ToListAsync();
        foreach (var member in members)
        {
            text.Append("member ").AppendLine($"{member.Email}|{member.DisplayName}|{member.Organisation}|{member.Name}");
        }

        if (includeRecipeRuns)
        {
            text.Append("recipe runs ").Append(await db.RecipeRuns.CountAsync()).AppendLine();
        }

        return text.ToString();
    });
}
