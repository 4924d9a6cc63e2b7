using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ResearchHub.Core.Data;

/// <summary>
/// The database's change stamp (table "ChangeStamp", one row): a number raised after every committed
/// write to content (<see cref="ChangeStampInterceptor"/>). Whatever is cached from content keys on it
/// (the anonymous pages' output cache): a write on any node changes the number every node reads, so
/// nothing cached before the write is served after it.
/// </summary>
public sealed class ChangeStamp(DatabaseOptions options)
{
    private const string ReadSql = "SELECT \"Value\" FROM \"ChangeStamp\" WHERE \"Id\" = 1";
    private const string RaiseSql = "UPDATE \"ChangeStamp\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1";

    private static long _localRaises;

    private long _reads;

    /// <summary>
    /// How many times this process has raised the stamp (any database): a value cached for a request
    /// (<see cref="ContentCache"/>) re-reads the stamp when this moved, so a request sees its own writes.
    /// </summary>
    public static long LocalRaises => Interlocked.Read(ref _localRaises);

    /// <summary>How many reads this instance sent to the database (shared reads counted once): the pages benchmark reports reads per request.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The current stamp, or null before the migration that creates it has run.</summary>
    public async Task<long?> TryCurrentAsync(CancellationToken ct = default)
    {
        try
        {
            return await CurrentAsync(ct);
        }
        catch (DbException ex) when (NotCreatedYet(ex))
        {
            return null;
        }
    }

    private readonly Lock _gate = new();

    /// <summary>Callers waiting for the next read (all arrived before it starts).</summary>
    private TaskCompletionSource<long>? _waiting;

    private bool _reading;

    /// <summary>
    /// The current stamp, read from the database (one primary-key read on a pooled connection). Callers
    /// at the same time share reads, and each gets the answer of a read that started after it asked (a
    /// read in flight when it asks is not joined: it waits for the next one), so it sees every write
    /// committed before it asked, on any node, and under load the database answers one read at a time
    /// rather than one per request.
    /// </summary>
    public Task<long> CurrentAsync(CancellationToken ct = default)
    {
        TaskCompletionSource<long> answer;
        var start = false;
        lock (_gate)
        {
            answer = _waiting ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_reading)
            {
                _reading = true;
                start = true;
            }
        }

        if (start)
        {
            _ = ReadInTurnsAsync();
        }

        return ct.CanBeCanceled ? answer.Task.WaitAsync(ct) : answer.Task;
    }

    /// <summary>Reads while callers wait: each read answers those who asked before it started.</summary>
    private async Task ReadInTurnsAsync()
    {
        while (true)
        {
            TaskCompletionSource<long> batch;
            lock (_gate)
            {
                batch = _waiting!;
                _waiting = null;
            }

            try
            {
                batch.SetResult(await ReadAsync(CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                batch.SetException(ex);
            }

            lock (_gate)
            {
                if (_waiting is null)
                {
                    _reading = false;
                    return;
                }
            }
        }
    }

    private async Task<long> ReadAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Raises the stamp on this connection, outside any transaction (after the write it follows has
    /// committed). Before the migration that creates the stamp has run (writes of earlier migrations), nothing.
    /// </summary>
    public static async Task RaiseAsync(DbConnection connection, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = RaiseSql;
        try
        {
            await command.ExecuteNonQueryAsync(ct);
            Interlocked.Increment(ref _localRaises);
        }
        catch (DbException ex) when (NotCreatedYet(ex))
        {
        }
    }

    /// <inheritdoc cref="RaiseAsync(DbConnection, CancellationToken)"/>
    public static void Raise(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = RaiseSql;
        try
        {
            command.ExecuteNonQuery();
            Interlocked.Increment(ref _localRaises);
        }
        catch (DbException ex) when (NotCreatedYet(ex))
        {
        }
    }

    private static bool NotCreatedYet(DbException ex) => ex switch
    {
        SqliteException sqlite => sqlite.Message.Contains("no such table: ChangeStamp", StringComparison.Ordinal),
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UndefinedTable,
        _ => false,
    };

    private DbConnection Connect() => options.Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(options.ConnectionString)
        : new SqliteConnection(options.ConnectionString);
}
