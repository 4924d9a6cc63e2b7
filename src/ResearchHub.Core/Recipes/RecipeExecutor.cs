using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Recipes;

/// <summary>
/// Runs a recipe ({ "name", "description", "steps": [ { "name": ..., ... } ] }). Every step is
/// checked against the known handlers before anything runs, and the whole recipe runs in one
/// transaction: a malformed file, an unknown step or a failing step leaves the database unchanged.
/// </summary>
public sealed class RecipeExecutor(
    HubDbContext db,
    IEnumerable<IRecipeStepHandler> handlers,
    IEnumerable<IRecipeCompletion> completions,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<RecipeExecutor> logger)
{
    public async Task<RecipeContext> RunFileAsync(string path, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException($"Cannot read recipe '{path}': {ex.Message}", ex);
        }

        return await RunAsync(bytes, Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path)), ct);
    }

    public Task<RecipeContext> RunAsync(byte[] json, string source, CancellationToken ct) => RunAsync(json, source, null, ct);

    /// <param name="baseDirectory">The recipe file's folder, which steps' relative "path" entries are resolved against.</param>
    public async Task<RecipeContext> RunAsync(byte[] json, string source, string? baseDirectory, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new RecipeException(
                $"{source} is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var name = root.RequiredString("name", source);
            var steps = root.Items("steps", source).ToList();
            var byName = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

            // Check every step's name before anything runs.
            var plan = new List<(IRecipeStepHandler Handler, JsonElement Step, string Where)>();
            foreach (var (step, where) in steps)
            {
                var stepName = step.RequiredString("name", where);
                if (!byName.TryGetValue(stepName, out var handler))
                {
                    throw new RecipeException(
                        $"{where}: unknown step \"{stepName}\". Known steps: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}.");
                }

                plan.Add((handler, step, $"{where} (\"{stepName}\")"));
            }

            var context = new RecipeContext(db, services, name, baseDirectory);
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await UnitOfWork.BeginAsync(db, ct);
                try
                {
                    foreach (var (handler, step, where) in plan)
                    {
                        logger.LogInformation("Recipe {Recipe}: {Step}", name, where);
                        context.Log.Add($"{where}");
                        try
                        {
                            await handler.ExecuteAsync(context, step, ct);
                        }
                        catch (RecipeException ex)
                        {
                            throw new RecipeException($"{source}: {ex.Message}", ex);
                        }

                        await db.SaveChangesAsync(ct);
                    }

                    foreach (var completion in completions)
                    {
                        await completion.CompletedAsync(context, ct);
                        await db.SaveChangesAsync(ct);
                    }

                    db.RecipeRuns.Add(new RecipeRun
                    {
                        Name = name,
                        Hash = Convert.ToHexStringLower(SHA256.HashData(json)),
                        AppliedAt = clock.GetUtcNow(),
                    });
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                }
                catch
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    throw;
                }
            });

            return context;
        }
    }
}
