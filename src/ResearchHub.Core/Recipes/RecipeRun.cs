namespace ResearchHub.Core.Recipes;

/// <summary>A recipe that was applied, so first-run knows the database has been set up.</summary>
public sealed class RecipeRun
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>SHA-256 of the recipe file as applied.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}
