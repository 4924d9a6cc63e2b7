using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Core.Data;

/// <summary>Applies migrations and start-up tasks under the cross-node <see cref="StartupLock"/>.</summary>
public sealed class DatabaseInitializer(
    HubDbContext db,
    StartupLock startupLock,
    IEnumerable<IStartupTask> tasks,
    IServiceProvider services,
    ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var held = await startupLock.AcquireAsync(ct);
        await MigrateHeldAsync(ct);
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var held = await startupLock.AcquireAsync(ct);
        await MigrateHeldAsync(ct);
        foreach (var task in tasks.OrderBy(t => t.Order))
        {
            await using var scope = services.CreateAsyncScope();
            await task.RunAsync(scope.ServiceProvider, ct);
        }
    }

    private async Task MigrateHeldAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database is up to date");
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        if (db.Database.IsSqlite())
        {
            // WAL lets readers carry on while a writer commits; it is a property of the file, set once.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }

        await db.Database.MigrateAsync(ct);
    }

    /// <summary>True when the database answers and has no pending migrations (for /readyz).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct) && !(await db.Database.GetPendingMigrationsAsync(ct)).Any();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Readiness check failed");
            return false;
        }
    }
}
