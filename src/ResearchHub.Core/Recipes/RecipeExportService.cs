using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Settings;

namespace ResearchHub.Core.Recipes;

/// <summary>Writes the site's content to DIR/recipe.json and DIR/files/ (the "recipe export" verb).</summary>
public sealed class RecipeExportService(HubDbContext db, IFileStore files, IEnumerable<IRecipeExporter> exporters, TimeProvider clock)
{
    public const string RecipeFileName = "recipe.json";

    public Task<RecipeExportResult> ExportAsync(string directory, CancellationToken ct) => ExportAsync(directory, null, ct);

    /// <param name="progress">Told before each module's exporter runs and as files are copied.</param>
    public async Task<RecipeExportResult> ExportAsync(string directory, IProgress<RecipeExportProgress>? progress, CancellationToken ct)
    {
        var full = Path.GetFullPath(directory);
        Directory.CreateDirectory(full);
        var steps = new JsonArray();
        var ordered = exporters.OrderBy(e => e.Order).ToList();
        var current = (Index: 0, Name: "");
        var context = new RecipeExportContext(db, files, full,
            copied => progress?.Report(new RecipeExportProgress(current.Index + 1, ordered.Count, current.Name, steps.Count, copied)));
        // Read-only work: tracking would only cost memory on a large library.
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        foreach (var (exporter, index) in ordered.Select((e, i) => (e, i)))
        {
            current = (index, exporter.GetType().Name.Replace("RecipeExporter", "", StringComparison.Ordinal));
            progress?.Report(new RecipeExportProgress(index + 1, ordered.Count, current.Name, steps.Count, context.FilesCopied));
            foreach (var step in await exporter.ExportAsync(context, ct))
            {
                steps.Add(step);
            }
        }

        var network = await db.SiteSettings.Where(s => s.Key == SiteSettingKeys.NetworkName).Select(s => s.Value).FirstOrDefaultAsync(ct) ?? SiteSettingsService.DefaultNetworkName;
        var recipe = new JsonObject
        {
            ["name"] = $"{network} export",
            ["description"] = $"The content of {network}, exported {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC. Run it with \"recipe run\" on another hub; running it again changes nothing.",
            ["steps"] = steps,
        };
        var path = Path.Combine(full, RecipeFileName);
        await File.WriteAllTextAsync(path, recipe.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
        return new RecipeExportResult(path, steps.Count, context.FilesCopied);
    }
}
