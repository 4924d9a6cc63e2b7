using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ResearchHub.Core.Data;

/// <summary>
/// Raises the <see cref="ChangeStamp"/> after every committed write to content made through the
/// context: SaveChanges, ExecuteUpdate/ExecuteDelete and raw SQL alike (it reads the command text:
/// INSERT, UPDATE or DELETE statements). A write inside a transaction raises the stamp when the
/// transaction commits (nothing for a rollback); a write outside one, right after it (one that
/// answers rows, when the context closes the connection, its reader done). Raised after the
/// commit, so a page rendered from the old data and cached under the old stamp is never served under
/// the new one. Bookkeeping tables that no page shows (sessions, leases, the outbox, keys, tokens,
/// the audit log, the search log, API tokens) do not raise it.
/// </summary>
public sealed partial class ChangeStampInterceptor : DbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "ChangeStamp", "__EFMigrationsHistory", "__EFMigrationsLock", "MemberSessions", "DataProtectionKeys", "OutboxMessages", "OutboxBodies", "JobLeases",
        "SearchState", "AuditEntries", "UserTokens", "SearchChanges", "SearchDocuments", "OpenIddictTokens", "OpenIddictAuthorizations",
        // A personal API token's "last used" time, written at most once a minute per token in use:
        // as content, any API client kept emptying every node's caches once a minute.
        "ApiTokens",
    };

    private readonly ConditionalWeakTable<DbTransaction, object> _dirty = [];

    /// <summary>Connections with an autocommitted write whose reader was still open: raised when the connection closes.</summary>
    private readonly ConditionalWeakTable<DbConnection, object> _pending = [];

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Wrote(command, readerOpen: true);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Wrote(command, readerOpen: true);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (_pending.TryGetValue(connection, out _))
        {
            _pending.Remove(connection);
            ChangeStamp.Raise(connection);
        }

        return result;
    }

    public async ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (_pending.TryGetValue(connection, out _))
        {
            _pending.Remove(connection);
            await ChangeStamp.RaiseAsync(connection);
        }

        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Wrote(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Wrote(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Wrote(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Wrote(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_dirty.TryGetValue(transaction, out _))
        {
            _dirty.Remove(transaction);
            ChangeStamp.Raise(eventData.Context!.Database.GetDbConnection());
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_dirty.TryGetValue(transaction, out _))
        {
            _dirty.Remove(transaction);
            await ChangeStamp.RaiseAsync(eventData.Context!.Database.GetDbConnection(), cancellationToken);
        }
    }

    /// <summary>True when the SQL writes to a table some page may show.</summary>
    public static bool WritesContent(string sql)
    {
        // Nearly every command is a query: answered without the pattern.
        if (sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (Match match in WriteStatement().Matches(sql))
        {
            if (!Bookkeeping.Contains(match.Groups[1].Value))
            {
                return true;
            }
        }

        return false;
    }

    private void Wrote(DbCommand command, bool readerOpen = false)
    {
        if (!WritesContent(command.CommandText))
        {
            return;
        }

        if (command.Transaction is { } transaction)
        {
            _dirty.AddOrUpdate(transaction, this);
        }
        else if (readerOpen)
        {
            // Autocommit, its reader still open on the connection (INSERT ... RETURNING): once it is done, before the connection closes.
            _pending.AddOrUpdate(command.Connection!, this);
        }
        else
        {
            // Autocommit: the write is already committed. Connection and command are the caller's; ours is a new command.
            ChangeStamp.Raise(command.Connection!);
        }
    }

    [GeneratedRegex("""(?:^|;)\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?""", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex WriteStatement();
}
