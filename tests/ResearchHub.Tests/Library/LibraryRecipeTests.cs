using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Library;

/// <summary>The demo recipe's library steps: vocabularies, evaluation questions and resources with generated files, idempotent.</summary>
public sealed class LibraryRecipeTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_library_demo_steps_apply_and_running_them_again_changes_nothing(string provider)
    {
        await using var hub = new HubFactory(provider).WithSetting("Hub:Library:RunExtractionWorker", "false");
        await hub.StartAsync();
        var recipe = DemoRecipe();

        await RunAsync(hub, recipe);
        var first = await CountsAsync(hub);
        Assert.True(first.Resources >= 12, $"{first.Resources} resources");
        Assert.True(first.Terms > 20 && first.Questions >= 5 && first.Files >= 5, first.ToString());

        await RunAsync(hub, recipe);
        Assert.Equal(first, await CountsAsync(hub));

        var marshbrook = await hub.WithDbAsync(db => db.Set<Resource>().Include(r => r.Files).Include(r => r.Questions).SingleAsync(r => r.Slug == "marshbrook-lac-interim-evaluation"));
        Assert.Equal(ResourceVisibility.Network, marshbrook.Visibility);
        Assert.Equal(EvaluationStatus.Interim, marshbrook.EvaluationStatus);
        Assert.Equal(2, marshbrook.Questions.Count);
        Assert.Equal("application/pdf", Assert.Single(marshbrook.Files).ContentType);
    }

    private sealed record Counts(int Resources, int Terms, int Questions, int Files, int Events, int Versions);

    private static Task<Counts> CountsAsync(HubFactory hub) => hub.WithDbAsync(async db => new Counts(
        await db.Set<Resource>().CountAsync(),
        await db.Set<VocabularyTerm>().CountAsync(),
        await db.Set<EvaluationQuestion>().CountAsync(),
        await db.Set<ResourceFile>().CountAsync(),
        await db.Set<ResourceEvent>().CountAsync(),
        await db.Set<ResourceVersion>().CountAsync()));

    private static Task RunAsync(HubFactory hub, byte[] recipe) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(recipe, "library-demo", CancellationToken.None));

    /// <summary>The demo network's organisations and library steps, taken from the demo recipe.</summary>
    private static byte[] DemoRecipe()
    {
        string[] wanted = ["organisations", "vocabularies", "evaluation-questions", "resources"];
        var network = JsonNode.Parse(File.ReadAllText(HubFactory.RecipePath("lac-research-network.recipe.json")))!["steps"]!.AsArray();

        var steps = new JsonArray();
        foreach (var step in network)
        {
            var name = step!["name"]!.GetValue<string>();
            if (wanted.Contains(name) && !steps.Any(s => s!["name"]!.GetValue<string>() == name))
            {
                steps.Add(step.DeepClone());
            }
        }

        Assert.Equal(wanted.Length, steps.Count);
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["name"] = "library demo (test)", ["steps"] = steps });
    }
}
