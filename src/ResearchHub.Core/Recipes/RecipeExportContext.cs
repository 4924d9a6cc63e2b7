using ResearchHub.Core.Data;
using ResearchHub.Core.Files;

namespace ResearchHub.Core.Recipes;

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
