using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ResearchHub.Core.Data;

/// <summary>
/// The one way to open a transaction: a change, its outbox rows and its index rows commit together.
/// When the caller already has one open (a recipe, the inbound mail reader, a test) it is joined,
/// so nested services never commit what the outer one may still roll back: the unit is then a
/// savepoint in it, which its rollback returns to (undoing this unit's writes only) and its commit
/// releases, leaving the outcome to the outer owner.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private const string Savepoint = "hub_unit_of_work";
    private readonly IDbContextTransaction? _owned;
    private readonly IDbContextTransaction? _joined;

    private UnitOfWork(IDbContextTransaction? owned, IDbContextTransaction? joined)
    {
        _owned = owned;
        _joined = joined;
    }

    public static async Task<UnitOfWork> BeginAsync(HubDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is { } outer)
        {
            await outer.CreateSavepointAsync(Savepoint, ct);
            return new UnitOfWork(null, outer);
        }

        return new UnitOfWork(await db.Database.BeginTransactionAsync(ct), null);
    }

    public Task CommitAsync(CancellationToken ct) =>
        _owned?.CommitAsync(ct) ?? _joined?.ReleaseSavepointAsync(Savepoint, ct) ?? Task.CompletedTask;

    public Task RollbackAsync(CancellationToken ct) =>
        _owned?.RollbackAsync(ct) ?? _joined?.RollbackToSavepointAsync(Savepoint, ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
