using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Lets <see cref="LuceneSearchIndex"/> hold a transaction's record writes and send them in batches
/// (a multi-row upsert per batch instead of a command, and a round trip, per document): before the
/// transaction commits, and before a savepoint is created or released, what is held is written;
/// when the transaction or its savepoint is rolled back, it is dropped. Only transactions begun
/// through the context are seen here (their commit passes through it); in any other, and outside
/// one, each write goes at once.
/// </summary>
public sealed class SearchWriteInterceptor : DbTransactionInterceptor
{
    /// <summary>The writer holding writes for a context's transaction.</summary>
    private readonly ConditionalWeakTable<DbContext, LuceneSearchIndex> _writers = [];

    /// <summary>Transactions begun through a context (whose end passes through here).</summary>
    private readonly ConditionalWeakTable<DbTransaction, object> _begun = [];

    /// <summary>Whether writes in <paramref name="transaction"/> may be held until its commit or next savepoint.</summary>
    public bool Holds(DbTransaction transaction) => _begun.TryGetValue(transaction, out _);

    /// <summary>Makes <paramref name="writer"/> the one whose held writes go before <paramref name="context"/>'s commit.</summary>
    public void Register(DbContext context, LuceneSearchIndex writer) => _writers.AddOrUpdate(context, writer);

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _begun.AddOrUpdate(result, new object());
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        _begun.AddOrUpdate(result, new object());
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Writer(eventData)?.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Writer(eventData) is { } writer)
        {
            await writer.FlushAsync(cancellationToken);
        }

        return result;
    }

    public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Writer(eventData)?.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Writer(eventData) is { } writer)
        {
            await writer.FlushAsync(cancellationToken);
        }

        return result;
    }

    public override InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Writer(eventData)?.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Writer(eventData) is { } writer)
        {
            await writer.FlushAsync(cancellationToken);
        }

        return result;
    }

    // Held writes were made after the last savepoint (one is written out before each is created): a rollback to it drops them.
    public override InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Writer(eventData)?.Drop();
        return result;
    }

    public override ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Writer(eventData)?.Drop();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Writer(eventData)?.Drop();
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Writer(eventData)?.Drop();
        return ValueTask.FromResult(result);
    }

    private LuceneSearchIndex? Writer(TransactionEventData eventData) =>
        eventData.Context is { } context && _writers.TryGetValue(context, out var writer) ? writer : null;
}
