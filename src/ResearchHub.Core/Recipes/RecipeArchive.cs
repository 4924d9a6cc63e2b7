using System.IO.Compression;

namespace ResearchHub.Core.Recipes;

/// <summary>
/// An exported recipe as one zip: recipe.json at the root and the files/ folder beside it. Written
/// from an export folder (the admin page's download) and unpacked again for "recipe run FILE.zip".
/// A zip from another hub is not trusted: entries must stay inside the target folder (no "zip slip"),
/// and the entry count and unpacked size are limited, so a zip bomb stops with a clear message.
/// </summary>
public static class RecipeArchive
{
    public const int MaxEntries = 100_000;
    public const long MaxUnpackedBytes = 20L * 1024 * 1024 * 1024;

    /// <summary>Zips the export folder <paramref name="directory"/> (recipe.json and files/) to <paramref name="zipPath"/>.</summary>
    public static async Task CreateAsync(string directory, string zipPath, CancellationToken ct)
    {
        var root = Path.GetFullPath(directory);
        var temp = zipPath + ".part";
        await using (var output = File.Create(temp))
        await using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                // Files are content-addressed and mostly already compressed (PDF, DOCX): storing them is as small and much faster.
                var level = name == RecipeExportService.RecipeFileName ? CompressionLevel.Optimal : CompressionLevel.Fastest;
                var entry = zip.CreateEntry(name, level);
                await using var source = File.OpenRead(file);
                await using var target = await entry.OpenAsync(ct);
                await source.CopyToAsync(target, ct);
            }
        }

        File.Move(temp, zipPath, overwrite: true);
    }

    /// <summary>
    /// Unpacks <paramref name="zipPath"/> into <paramref name="directory"/> and returns the path of its
    /// recipe.json (at the root, or in the one folder the zip holds).
    /// </summary>
    public static async Task<string> ExtractAsync(string zipPath, string directory, CancellationToken ct)
    {
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(File.OpenRead(zipPath), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new RecipeException($"{Path.GetFileName(zipPath)} is not a readable zip: {ex.Message}", ex);
        }

        await using (zip)
        {
            if (zip.Entries.Count > MaxEntries)
            {
                throw new RecipeException($"{Path.GetFileName(zipPath)} holds {zip.Entries.Count} entries; a recipe zip may hold at most {MaxEntries}.");
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (Path.IsPathRooted(entry.FullName) || !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new RecipeException($"{Path.GetFileName(zipPath)}: the entry \"{entry.FullName}\" would be written outside the recipe's folder.");
                }

                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var source = await entry.OpenAsync(ct);
                await using var output = File.Create(target);
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    // Counted as it unpacks, not from the header, which a hostile zip can fake.
                    total += read;
                    if (total > MaxUnpackedBytes)
                    {
                        throw new RecipeException($"{Path.GetFileName(zipPath)} unpacks to more than {MaxUnpackedBytes / (1024 * 1024 * 1024)} GB; refused.");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
        }

        var recipe = Path.Combine(root, RecipeExportService.RecipeFileName);
        if (File.Exists(recipe))
        {
            return recipe;
        }

        var nested = Directory.GetDirectories(root) is [var only] ? Path.Combine(only, RecipeExportService.RecipeFileName) : null;
        return nested is not null && File.Exists(nested)
            ? nested
            : throw new RecipeException($"{Path.GetFileName(zipPath)} holds no {RecipeExportService.RecipeFileName} at its root.");
    }
}
