using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Search.Services;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Codebooks;

/// <summary>The demo recipe's codebooks step on the demo network's organisations: applies, publishes, and is idempotent.</summary>
public sealed class CodebooksRecipeTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_codebook_demo_steps_apply_and_running_them_again_changes_nothing(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();
        var network = JsonNode.Parse(File.ReadAllText(HubFactory.RecipePath("lac-research-network.recipe.json")))!["steps"]!.AsArray();
        var steps = new JsonArray(network.Where(s => s!["name"]!.GetValue<string>() is "organisations" or "codebooks").Select(s => s!.DeepClone()).ToArray());
        Assert.Equal(2, steps.Count);

        var recipe = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["name"] = "codebooks-demo", ["steps"] = steps }.ToJsonString());
        Task RunAsync() => hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(recipe, "codebooks-demo", CancellationToken.None));
        Task<(int, int, int, int, int)> CountsAsync() => hub.WithDbAsync(async db => (await db.Set<Codebook>().CountAsync(), await db.Set<Code>().CountAsync(),
            await db.Set<CodebookVersion>().CountAsync(), await db.Set<CrosswalkMapping>().CountAsync(), await db.Set<CodedExcerpt>().CountAsync()));

        await RunAsync();
        var first = await CountsAsync();
        Assert.Equal(2, first.Item1);
        Assert.True(first.Item2 >= 20 && first.Item3 == 2 && first.Item4 >= 4 && first.Item5 >= 6, first.ToString());
        await RunAsync();
        Assert.Equal(first, await CountsAsync());

        // What a recipe writes is searchable once it commits (the index follows the recipe, in its transaction).
        var found = await hub.WithScopeAsync(async sp => (await sp.GetRequiredService<SearchService>()
            .SearchAsync(new SearchRequest("\"Four Cs\"", []), SearchViewer.Administrator, CancellationToken.None)).Hits);
        Assert.Contains(found, h => h.Type == CodebookSearchSource.TypeName && h.Title.StartsWith("Four Cs", StringComparison.Ordinal));

        // Both schemes are public, published and export as valid REFI-QDA.
        var books = await hub.WithDbAsync(db => db.Set<Codebook>().ToListAsync());
        Assert.All(books, b => Assert.Equal((ResourceVisibility.Public, CodebookStatus.Published), (b.Visibility, b.Status)));
        var client = hub.CreateClient();
        foreach (var book in books)
        {
            QdcFormatTests.AssertValid(await client.GetByteArrayAsync(new Uri($"/codebooks/{book.Id}/export.qdc?version=1", UriKind.Relative)));
        }

        // The organisation-only demo excerpt is counted for its organisation alone.
        var four = books.Single(b => b.Name.StartsWith("Four Cs", StringComparison.Ordinal));
        var southbridge = await hub.WithDbAsync(db => db.Set<Organisation>().SingleAsync(o => o.Name == "University of Southbridge, School of Health and Social Care"));
        var (inside, outside) = await hub.WithScopeAsync(async sp =>
        {
            var snapshot = (await sp.GetRequiredService<CodebookService>().SnapshotAsync(four.Id, null, CancellationToken.None))!;
            var excerpts = sp.GetRequiredService<ExcerptService>();
            var a = await excerpts.CountsAsync(four.Id, snapshot, new LibraryViewer(true, "x", "x", southbridge.Id, false, false), CancellationToken.None);
            var b = await excerpts.CountsAsync(four.Id, snapshot, new LibraryViewer(true, "y", "y", -5, false, false), CancellationToken.None);
            return (a.Excerpts, b.Excerpts);
        });
        Assert.Equal(inside - 1, outside);
    }
}
