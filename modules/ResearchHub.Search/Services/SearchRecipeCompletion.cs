using ResearchHub.Core.Recipes;

namespace ResearchHub.Search.Services;

/// <summary>
/// Recipe steps write content in every module without going through the modules' services, so the
/// index is rebuilt from the data once the steps have run, in the recipe's transaction: what a
/// recipe imports is searchable when it commits, and nothing of a failed recipe reaches the index.
/// </summary>
internal sealed class SearchRecipeCompletion(ReindexService reindex) : IRecipeCompletion
{
    public async Task CompletedAsync(RecipeContext context, CancellationToken ct)
    {
        var documents = await reindex.RebuildAsync(null, ct);
        context.Log.Add($"search index: {documents} documents");
    }
}
