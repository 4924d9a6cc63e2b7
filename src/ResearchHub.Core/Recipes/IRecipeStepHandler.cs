using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ResearchHub.Core.Recipes;

/// <summary>
/// Handles one kind of recipe step ("settings", "organisations", "pages", ...). Handlers stage their
/// changes in <see cref="RecipeContext.Db"/>; the executor saves and commits the whole recipe at once.
/// A handler must be idempotent: running the same step again changes nothing (match on natural keys).
/// </summary>
public interface IRecipeStepHandler
{
    string Name { get; }

    Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct);
}

internal sealed class RecipeRunConfiguration : IEntityTypeConfiguration<RecipeRun>
{
    public void Configure(EntityTypeBuilder<RecipeRun> builder)
    {
        builder.ToTable("RecipeRuns");
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Hash).HasMaxLength(64);
    }
}
