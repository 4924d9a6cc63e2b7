using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// On first run (no recipe ever applied to this database), applies the recipe named by
/// "Hub:Setup:Recipe" (the demo LAC network by default; empty for none).
/// </summary>
public sealed class FirstRunRecipeTask(IConfiguration configuration, IHostEnvironment environment, ILogger<FirstRunRecipeTask> logger) : IStartupTask
{
    public int Order => 0;

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<HubDbContext>();
        if (await db.RecipeRuns.AnyAsync(ct))
        {
            return;
        }

        var recipe = configuration["Hub:Setup:Recipe"];
        if (string.IsNullOrWhiteSpace(recipe))
        {
            logger.LogInformation("First run: no setup recipe configured");
            return;
        }

        var path = ResolveRecipePath(recipe, environment.ContentRootPath);
        logger.LogInformation("First run: applying recipe {Recipe}", path);
        await services.GetRequiredService<RecipeExecutor>().RunFileAsync(path, ct);
    }

    /// <summary>A recipe path as given, else under the content root, else beside the host's binaries.</summary>
    public static string ResolveRecipePath(string recipe, string contentRoot)
    {
        if (Path.IsPathRooted(recipe))
        {
            return recipe;
        }

        var candidates = new[]
        {
            Path.Combine(Directory.GetCurrentDirectory(), recipe),
            Path.Combine(contentRoot, recipe),
            Path.Combine(AppContext.BaseDirectory, recipe),
        };
        return candidates.FirstOrDefault(File.Exists) ?? candidates[^1];
    }
}
