using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Recipes;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>The demo recipe, with its mailing-groups step, applies, and twice changes nothing.</summary>
public sealed class MailingRecipeTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Demo_steps_create_the_two_groups_with_members_and_posts_once(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();
        var recipe = JsonNode.Parse(await File.ReadAllTextAsync(HubFactory.RecipePath("lac-research-network.recipe.json")))!;
        Assert.Contains(recipe["steps"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "mailing-groups");

        var bytes = System.Text.Encoding.UTF8.GetBytes(recipe.ToJsonString());
        for (var run = 0; run < 2; run++)
        {
            await hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(bytes, "demo + mailing", default));
        }

        var (groups, members, posts) = await hub.WithDbAsync(async db => (
            await db.Set<MailingGroup>().OrderBy(g => g.Name).Select(g => g.Name).ToListAsync(),
            await db.Set<GroupMembership>().CountAsync(),
            await db.Set<GroupPost>().CountAsync()));
        Assert.Equal(["Research and knowledge exchange", "Story coding"], groups);
        Assert.Equal(10, members);
        Assert.Equal(6, posts);
    }
}
