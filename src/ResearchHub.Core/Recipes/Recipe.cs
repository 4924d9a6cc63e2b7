using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Core.Data;

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

/// <summary>Names the problem with a recipe: its file, step and what was wrong. Nothing was changed.</summary>
public sealed class RecipeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A recipe that was applied, so first-run knows the database has been set up.</summary>
public sealed class RecipeRun
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>SHA-256 of the recipe file as applied.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
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

/// <summary>Reads a required string property of a step, naming the step when it is missing.</summary>
public static class RecipeJson
{
    public static string RequiredString(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new RecipeException($"{where}: \"{property}\" is required and must be a non-empty string.");
        }

        return value.GetString()!;
    }

    public static string? OptionalString(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RecipeException($"{where}: \"{property}\" must be a string.");
    }

    public static int? OptionalInt(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw new RecipeException($"{where}: \"{property}\" must be a whole number.");
    }

    public static bool? OptionalBool(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RecipeException($"{where}: \"{property}\" must be true or false."),
        };
    }

    /// <summary>The step's array property, each element with its own "where" for messages.</summary>
    public static IEnumerable<(JsonElement Item, string Where)> Items(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.Array)
        {
            throw new RecipeException($"{where}: \"{property}\" is required and must be an array.");
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return (item, $"{where}, {property}[{i++}]");
        }
    }
}
