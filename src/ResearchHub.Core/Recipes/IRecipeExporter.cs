using System.Text.Json.Nodes;

namespace ResearchHub.Core.Recipes;

/// <summary>
/// Writes one module's content as recipe steps that the module's own <see cref="IRecipeStepHandler"/>s
/// read back, so a recipe exported from one hub and run on another recreates it (and, since the
/// handlers match natural keys, running it twice changes nothing).
/// </summary>
public interface IRecipeExporter
{
    /// <summary>Where its steps go in the recipe: steps that name others' keys come after them (settings 0, organisations 100, ...).</summary>
    int Order { get; }

    Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct);
}

public sealed record RecipeExportResult(string RecipePath, int Steps, int Files);

/// <summary>How far an export has got: which of the modules' exporters is running, steps written, files copied.</summary>
public sealed record RecipeExportProgress(int Exporter, int Exporters, string Current, int Steps, int Files);
