using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Settings;

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

/// <summary>What an exporter may use: the database, and a way to put stored files beside the recipe.</summary>
public sealed class RecipeExportContext(HubDbContext db, IFileStore files, string directory, Action<int>? filesCopied = null)
{
    public const string FilesFolder = "files";

    public HubDbContext Db { get; } = db;

    /// <summary>The folder the recipe is written to.</summary>
    public string Directory { get; } = directory;

    public int FilesCopied { get; private set; }

    /// <summary>
    /// Copies a stored file to files/&lt;sha256&gt; in the export folder (once, however many resources
    /// share it) and returns that path relative to the recipe, with forward slashes so a recipe
    /// written on one system reads on any.
    /// </summary>
    public async Task<string> CopyFileAsync(string sha256, CancellationToken ct)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new InvalidOperationException($"\"{sha256}\" is not a SHA-256.");
        }

        var relative = $"{FilesFolder}/{sha256}";
        var target = Path.Combine(Directory, FilesFolder, sha256);
        if (File.Exists(target))
        {
            return relative;
        }

        await using var source = files.OpenRead(sha256)
            ?? throw new InvalidOperationException($"The file store does not hold {sha256}.");
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, FilesFolder));
        // Written under a temporary name and moved, so an interrupted export leaves no half file that a re-export would trust.
        var temp = target + ".part";
        await using (var output = File.Create(temp))
        {
            await source.CopyToAsync(output, ct);
        }

        File.Move(temp, target, overwrite: true);
        FilesCopied++;
        filesCopied?.Invoke(FilesCopied);
        return relative;
    }
}

public sealed record RecipeExportResult(string RecipePath, int Steps, int Files);

/// <summary>How far an export has got: which of the modules' exporters is running, steps written, files copied.</summary>
public sealed record RecipeExportProgress(int Exporter, int Exporters, string Current, int Steps, int Files);

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

/// <summary>Exports the "settings" step.</summary>
public sealed class SettingsRecipeExporter : IRecipeExporter
{
    public int Order => 0;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var values = new JsonObject();
        // The site's address belongs to this hub, not to its content: the other hub keeps its own.
        foreach (var setting in await context.Db.SiteSettings.Where(s => s.Key != SiteSettingKeys.BaseUrl).OrderBy(s => s.Key).ToListAsync(ct))
        {
            values[setting.Key] = setting.Value;
        }

        return values.Count == 0 ? [] : [new JsonObject { ["name"] = "settings", ["values"] = values }];
    }
}
