namespace ResearchHub.Core.Recipes;

/// <summary>
/// Work that follows a whole recipe, in its transaction, after every step (for example, bringing
/// the search index up to date with everything the steps wrote): it commits with the recipe or not at all.
/// </summary>
public interface IRecipeCompletion
{
    Task CompletedAsync(RecipeContext context, CancellationToken ct);
}
