using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ResearchHub.Core.Data;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Federation.Services;

public sealed record RecipeDownload(string Name, long Length, DateTimeOffset CreatedAt);

public sealed record RecipeDownloadResult(RecipeDownload Download, int Steps, int Files);

/// <summary>
/// The zips of the site's content that administrators make at /admin/export: the recipe export
/// (recipe.json and files/) packed as one file under App_Data/exports, kept until deleted so a
/// large export is made once and downloaded as often as needed. Names are generated and checked
/// against one pattern, so a request can never name another file.
/// </summary>
public sealed partial class RecipeDownloads(HubPaths paths, RecipeExportService exporter, TimeProvider clock)
{
    public const string Folder = "exports";

    private string Directory => paths.Combine(Folder);

    public IReadOnlyList<RecipeDownload> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, "*.zip")
            .Select(f => new FileInfo(f))
            .Where(f => IsValidName(f.Name))
            .Select(f => new RecipeDownload(f.Name, f.Length, new DateTimeOffset(f.CreationTimeUtc, TimeSpan.Zero)))
            .OrderByDescending(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>A fresh export's file name (the time it was asked for, and a random part so two never collide).</summary>
    public string NewName() => $"export-{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}.zip";

    public Task<RecipeDownloadResult> CreateAsync(CancellationToken ct) => CreateAsync(NewName(), null, ct);

    public async Task<RecipeDownloadResult> CreateAsync(string name, IProgress<RecipeExportProgress>? progress, CancellationToken ct)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"\"{name}\" is not an export's name.", nameof(name));
        }

        System.IO.Directory.CreateDirectory(Directory);
        var work = Path.Combine(Directory, "work-" + Path.GetFileNameWithoutExtension(name));
        try
        {
            var result = await exporter.ExportAsync(work, progress, ct);
            var zip = Path.Combine(Directory, name);
            await RecipeArchive.CreateAsync(work, zip, ct);
            return new RecipeDownloadResult(new RecipeDownload(name, new FileInfo(zip).Length, clock.GetUtcNow()), result.Steps, result.Files);
        }
        finally
        {
            if (System.IO.Directory.Exists(work))
            {
                System.IO.Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The full path of an existing export, or null when the name is not one of ours.</summary>
    public string? Find(string? name)
    {
        if (name is null || !IsValidName(name))
        {
            return null;
        }

        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : null;
    }

    public bool Delete(string? name)
    {
        if (Find(name) is not { } path)
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public static bool IsValidName(string name) => ExportName().IsMatch(name);

    [GeneratedRegex("^export-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}\\.zip$", RegexOptions.CultureInvariant)]
    private static partial Regex ExportName();
}
