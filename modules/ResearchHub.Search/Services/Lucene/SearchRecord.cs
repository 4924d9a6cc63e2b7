using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// The database side of the index, on connections of its own (never a request's transaction: an
/// index shows only what is committed): the document rows and their facets, which the index is
/// built from, and the change log (SearchChanges, appended by a trigger in every writing
/// transaction), which it follows.
/// </summary>
public sealed class SearchRecord(DatabaseOptions database)
{
    private const string Columns = "d.\"Id\", d.\"Title\", d.\"Summary\", d.\"Body\", d.\"FileText\", d.\"Extra\", d.\"Year\", d.\"Date\", d.\"Visibility\", d.\"OwnerOrganisationId\", d.\"CreatorUserId\", d.\"Audience\"";

    public bool IsPostgres => database.Provider == DatabaseProvider.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(database.ConnectionString) : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>The mark of the log as it stands: a build that starts reading rows after it then follows the log from it.</summary>
    public async Task<ChangeMark> CurrentMarkAsync(DbConnection connection, CancellationToken ct) => IsPostgres
        ? new ChangeMark(0, await XminAsync(connection, ct))
        : new ChangeMark(Convert.ToInt64(await ScalarAsync(connection, "SELECT coalesce(max(\"Seq\"), 0) FROM \"SearchChanges\"", [], ct) ?? 0L, CultureInfo.InvariantCulture), 0);

    /// <summary>
    /// The log's entries after <paramref name="mark"/> (on PostgreSQL: of transactions not yet ended
    /// at the mark's snapshot, some of which may have been applied already) and the mark to take once
    /// they are applied.
    /// </summary>
    public async Task<(List<(long Seq, long DocumentId)> Entries, ChangeMark Next)> ChangesAsync(DbConnection connection, ChangeMark mark, CancellationToken ct)
    {
        var entries = new List<(long, long)>();
        if (IsPostgres)
        {
            // The snapshot first: every transaction below its xmin has ended, so the read below (a
            // later snapshot) sees all of its entries. Two commands: batched into one, the pruning
            // test on PostgreSQL kept entries both nodes had applied (not understood yet; kept apart).
            var next = await XminAsync(connection, ct);
            await using var command = Command(connection, "SELECT \"Seq\", \"DocumentId\" FROM \"SearchChanges\" WHERE \"Xid\" >= CAST(@x AS xid8) ORDER BY \"Seq\"",
                [("@x", mark.Xmin.ToString(CultureInfo.InvariantCulture))]);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    entries.Add((reader.GetInt64(0), reader.GetInt64(1)));
                }
            }

            return (entries, new ChangeMark(entries.Count == 0 ? mark.Seq : Math.Max(mark.Seq, entries[^1].Item1), Math.Max(next, mark.Xmin)));
        }

        await using (var command = Command(connection, "SELECT \"Seq\", \"DocumentId\" FROM \"SearchChanges\" WHERE \"Seq\" > @s ORDER BY \"Seq\"", [("@s", mark.Seq)]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                entries.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        return (entries, entries.Count == 0 ? mark : new ChangeMark(entries[^1].Item1, 0));
    }

    /// <summary>How many log entries lie beyond the mark (the index's lag).</summary>
    public async Task<long> LagAsync(DbConnection connection, ChangeMark mark, CancellationToken ct) => Convert.ToInt64(IsPostgres
        ? await ScalarAsync(connection, "SELECT count(*) FROM \"SearchChanges\" WHERE \"Xid\" >= CAST(@x AS xid8) AND \"Seq\" > @s", [("@x", mark.Xmin.ToString(CultureInfo.InvariantCulture)), ("@s", mark.Seq)], ct)
        : await ScalarAsync(connection, "SELECT count(*) FROM \"SearchChanges\" WHERE \"Seq\" > @s", [("@s", mark.Seq)], ct), CultureInfo.InvariantCulture);

    /// <summary>The rows of the given documents (a document without a row was removed).</summary>
    public Task<List<DocumentRow>> RowsAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ReadAsync(connection, $"WHERE d.\"Id\" IN ({string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})", [], ct);

    /// <summary>Up to <paramref name="count"/> rows with ids above <paramref name="after"/>, in id order (a build's batch).</summary>
    public Task<List<DocumentRow>> RowsAfterAsync(DbConnection connection, long after, int count, CancellationToken ct) =>
        ReadAsync(connection, $"WHERE d.\"Id\" > @after ORDER BY d.\"Id\" LIMIT {count.ToString(CultureInfo.InvariantCulture)}", [("@after", after)], ct);

    /// <summary>The id of the document (<paramref name="type"/>, <paramref name="key"/>), or null when it has no row.</summary>
    public async Task<long?> IdOfAsync(DbConnection connection, string type, string key, CancellationToken ct) =>
        await ScalarAsync(connection, "SELECT \"Id\" FROM \"SearchDocuments\" WHERE \"Type\" = @t AND \"Key\" = @k", [("@t", type), ("@k", key)], ct) is { } id
            ? Convert.ToInt64(id, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The keys of those of the given documents that are of <paramref name="type"/>, by id.</summary>
    public async Task<Dictionary<long, string>> KeysOfTypeAsync(DbConnection connection, string type, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var keys = new Dictionary<long, string>();
        await using var command = Command(connection,
            $"SELECT \"Id\", \"Key\" FROM \"SearchDocuments\" WHERE \"Type\" = @t AND \"Id\" IN ({string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})", [("@t", type)]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys[reader.GetInt64(0)] = reader.GetString(1);
        }

        return keys;
    }

    /// <summary>A value of SearchState, the index's settings shared by every node.</summary>
    public async Task<string?> StateAsync(DbConnection connection, string name, CancellationToken ct) =>
        await ScalarAsync(connection, "SELECT \"Value\" FROM \"SearchState\" WHERE \"Name\" = @n", [("@n", name)], ct) as string;

    /// <summary>A value of SearchState, written when there is none yet; returns the value that holds.</summary>
    public async Task<string> StateOrSetAsync(DbConnection connection, string name, string value, CancellationToken ct)
    {
        await using (var insert = Command(connection, "INSERT INTO \"SearchState\" (\"Name\", \"Value\") VALUES (@n, @v) ON CONFLICT (\"Name\") DO NOTHING", [("@n", name), ("@v", value)]))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        return await StateAsync(connection, name, ct) ?? value;
    }

    /// <summary>The SearchState name under which a node records how far its index has followed the log.</summary>
    public const string PositionPrefix = "Position:";

    /// <summary>The SearchState name of the mark up to which the log has been pruned.</summary>
    public const string PrunedState = "Pruned";

    /// <summary>
    /// Records how far node <paramref name="node"/>'s committed index has followed the log (its mark
    /// and when it said so): pruning keeps every entry a node that reported within the horizon still needs.
    /// </summary>
    public async Task RecordPositionAsync(DbConnection connection, string node, ChangeMark mark, DateTimeOffset now, CancellationToken ct)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{mark}|{now.ToUnixTimeMilliseconds()}");
        await using var command = Command(connection,
            "INSERT INTO \"SearchState\" (\"Name\", \"Value\") VALUES (@n, @v) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = excluded.\"Value\"",
            [("@n", PositionPrefix + node), ("@v", value)]);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The mark up to which the log has been pruned (entries at or below it may be gone), or null when it never was.</summary>
    public async Task<ChangeMark?> PrunedAsync(DbConnection connection, CancellationToken ct) => ChangeMark.Parse(await StateAsync(connection, PrunedState, ct));

    /// <summary>
    /// Whether an index at <paramref name="mark"/> may have missed entries pruned from the log: then it
    /// cannot follow the log from there and is built again from the rows.
    /// </summary>
    public bool Behind(ChangeMark mark, ChangeMark? pruned) => pruned is { } p && (IsPostgres ? mark.Xmin < p.Xmin : mark.Seq < p.Seq);

    /// <summary>
    /// Deletes the log's entries every node has applied: positions not reported since
    /// <paramref name="now"/> minus <paramref name="horizon"/> are forgotten first (a node down that
    /// long builds its index again from the rows when it returns: its mark is behind the pruned mark),
    /// then entries at or below the lowest reported mark go (on PostgreSQL: of transactions below the
    /// lowest snapshot xmin). Returns the entries deleted; with no node reporting, none.
    /// </summary>
    public async Task<int> PruneAsync(DbConnection connection, TimeSpan horizon, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var positions = new List<(string Name, ChangeMark Mark, long At)>();
        await using (var command = Command(connection, "SELECT \"Name\", \"Value\" FROM \"SearchState\" WHERE \"Name\" LIKE 'Position:%'", []))
        {
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var parts = reader.GetString(1).Split('|');
                if (parts.Length == 2 && ChangeMark.Parse(parts[0]) is { } mark && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
                {
                    positions.Add((reader.GetString(0), mark, at));
                }
            }
        }

        var oldest = (now - horizon).ToUnixTimeMilliseconds();
        foreach (var (name, _, _) in positions.Where(p => p.At < oldest))
        {
            await using var forget = Command(connection, "DELETE FROM \"SearchState\" WHERE \"Name\" = @n", [("@n", name)]);
            forget.Transaction = transaction;
            await forget.ExecuteNonQueryAsync(ct);
        }

        var live = positions.Where(p => p.At >= oldest).Select(p => p.Mark).ToList();
        if (live.Count == 0)
        {
            await transaction.CommitAsync(ct);
            return 0;
        }

        // Every live node has applied every entry at or below this mark.
        var applied = IsPostgres ? new ChangeMark(0, live.Min(m => m.Xmin)) : new ChangeMark(live.Min(m => m.Seq), 0);
        var pruned = ChangeMark.Parse(await ScalarAsync(connection, transaction, "SELECT \"Value\" FROM \"SearchState\" WHERE \"Name\" = @n", [("@n", PrunedState)]) as string);
        if (pruned is { } before && !Behind(before, applied))
        {
            applied = before; // never moves back
        }

        await using (var record = Command(connection,
            "INSERT INTO \"SearchState\" (\"Name\", \"Value\") VALUES (@n, @v) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = excluded.\"Value\"",
            [("@n", PrunedState), ("@v", applied.ToString())]))
        {
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(ct);
        }

        await using var delete = IsPostgres
            ? Command(connection, "DELETE FROM \"SearchChanges\" WHERE \"Xid\" < CAST(@x AS xid8)", [("@x", applied.Xmin.ToString(CultureInfo.InvariantCulture))])
            : Command(connection, "DELETE FROM \"SearchChanges\" WHERE \"Seq\" <= @s", [("@s", applied.Seq)]);
        delete.Transaction = transaction;
        var deleted = await delete.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return deleted;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, (string, object)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        command.Transaction = transaction;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private async Task<List<DocumentRow>> ReadAsync(DbConnection connection, string where, (string, object)[] parameters, CancellationToken ct)
    {
        var rows = new List<DocumentRow>();
        await using (var command = Command(connection, $"SELECT {Columns} FROM \"SearchDocuments\" d {where}", parameters))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new DocumentRow(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.IsDBNull(6) ? null : Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                    reader.IsDBNull(7) ? null : Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture),
                    (SearchVisibility)Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
                    reader.IsDBNull(9) ? null : Convert.ToInt64(reader.GetValue(9), CultureInfo.InvariantCulture),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11)));
            }
        }

        if (rows.Count == 0)
        {
            return rows;
        }

        var byId = rows.ToDictionary(r => r.Id);
        var list = string.Join(",", byId.Keys.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        await using (var command = Command(connection, $"SELECT \"DocumentId\", \"Facet\", \"Value\", \"ValueKey\" FROM \"SearchFacets\" WHERE \"DocumentId\" IN ({list})", []))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (byId.TryGetValue(reader.GetInt64(0), out var row))
                {
                    row.Facets.Add((reader.GetString(1), reader.GetString(2), reader.GetString(3)));
                }
            }
        }

        return rows;
    }

    private static async Task<ulong> XminAsync(DbConnection connection, CancellationToken ct) =>
        ulong.Parse((string)(await ScalarAsync(connection, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", [], ct))!, CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, (string, object)[] parameters, CancellationToken ct)
    {
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
