using ResearchHub.Core.Data;

namespace ResearchHub.Core.Recipes;

public sealed class RecipeContext(HubDbContext db, IServiceProvider services, string recipeName, string? baseDirectory = null)
{
    public HubDbContext Db { get; } = db;
    public IServiceProvider Services { get; } = services;
    public string RecipeName { get; } = recipeName;

    /// <summary>
    /// The folder of the recipe file, which exported recipes' "path" entries are relative to; null
    /// when the recipe came as bytes (then steps that need files beside the recipe cannot run).
    /// </summary>
    public string? BaseDirectory { get; } = baseDirectory;

    /// <summary>
    /// The full path of a file named relative to the recipe's folder. A recipe from another hub is
    /// not trusted to read outside its own folder, so ".." and absolute paths are refused.
    /// </summary>
    public string ResolveFile(string relativePath, string where)
    {
        if (BaseDirectory is null)
        {
            throw new RecipeException($"{where}: \"path\" needs a recipe run from a file (its folder holds the files).");
        }

        var root = Path.GetFullPath(BaseDirectory);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (Path.IsPathRooted(relativePath) || !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new RecipeException($"{where}: path \"{relativePath}\" must stay inside the recipe's folder.");
        }

        return full;
    }

    /// <summary>Messages for whoever ran the recipe (the CLI prints them).</summary>
    public List<string> Log { get; } = [];
}
