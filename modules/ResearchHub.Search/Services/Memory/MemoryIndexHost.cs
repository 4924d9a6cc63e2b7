using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Search.Services.Memory;

/// <summary>
/// Keeps one <see cref="MemoryIndex"/> per SQLite database in step with the index tables, through the
/// SearchChanges log that triggers fill in each writing transaction.
/// <list type="bullet">
/// <item>Before a search is answered from memory, the log's last entry is read on the search's own
/// connection: a copy that holds every committed change answers; a copy a few changes behind takes
/// them in first (so a search sees every change committed before it, as FTS5 would); a copy far
/// behind, or none yet, is brought up to date in the background while FTS5 answers.</item>
/// <item>All reading here is on connections of its own, in a read transaction, so it sees committed
/// data only and one consistent moment of it.</item>
/// <item>When many documents have changed since the copy was built, a new copy is built beside it and
/// takes its place (dead postings would otherwise pile up).</item>
/// </list>
/// </summary>
public sealed class MemoryIndexHost(ILogger<MemoryIndexHost> logger)
{
    /// <summary>At most this many pending log entries are taken in while a search waits; more are taken in in the background.</summary>
    internal const int WaitLimit = 2_000;

    private const int ReadBatch = 500;
    private const int BuildBatch = 2_000;

    /// <summary>Beyond this many pending log entries a new copy is built rather than the old one caught up (under the gate, while searches wait for it).</summary>
    private const int RebuildLimit = 10_000;

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    private sealed class State
    {
        public volatile MemoryIndex? Index;

        /// <summary>Held while a copy takes in changes or takes another's place.</summary>
        public readonly SemaphoreSlim Gate = new(1, 1);

        /// <summary>Held by the one update (build or catch-up) running at a time.</summary>
        public readonly SemaphoreSlim Updating = new(1, 1);

        /// <summary>The update started for a search that could not wait for it, if any.</summary>
        public Task? Background;

        public string Status = "not built yet";
    }

    /// <summary>What the admin page shows: documents and terms held, and what the copy is doing.</summary>
    public (int Documents, int Terms, string Status)? Describe(string connectionString) =>
        _states.TryGetValue(connectionString, out var state)
            ? (state.Index?.Documents ?? 0, state.Index?.Terms ?? 0, state.Status)
            : null;

    /// <summary>
    /// The copy, if it holds every change committed when this is called (after taking in a few if
    /// needed); otherwise null, and the copy is brought up to date in the background.
    /// </summary>
    internal async Task<MemoryIndex?> CurrentAsync(DbConnection connection, Func<DbConnection> open, CancellationToken ct)
    {
        var key = connection.ConnectionString;
        var state = _states.GetOrAdd(key, _ => new State());
        var last = await LastSeqAsync(connection, ct);
        var index = state.Index;
        if (index is not null && index.AppliedSeq >= last)
        {
            return index;
        }

        // A small database is copied, and a few changes taken in, while the search waits.
        if (last - (index?.AppliedSeq ?? 0) > WaitLimit)
        {
            StartBackground(state, open);
            return null;
        }

        if (!await state.Gate.WaitAsync(TimeSpan.FromSeconds(1), ct))
        {
            return null; // a long update holds the gate: FTS5 answers meanwhile
        }

        try
        {
            index = state.Index;
            if (index is null || index.AppliedSeq < last)
            {
                await using var own = open();
                if (index is null)
                {
                    index = await BuildAsync(own, ct);
                    state.Index = index;
                    state.Status = "up to date";
                }

                await CatchUpAsync(index, own, ct);
            }
        }
        finally
        {
            state.Gate.Release();
        }

        if (index.Dead > Math.Max(1_000, index.Documents / 4))
        {
            StartBackground(state, open); // compaction: a new copy is built beside this one
        }

        return index.AppliedSeq >= last ? index : null;
    }

    /// <summary>Brings the copy fully up to date, however far behind it is (after a rebuild or a bulk load), and waits for it.</summary>
    internal Task RefreshAsync(string connectionString, Func<DbConnection> open, CancellationToken ct) =>
        UpdateAsync(_states.GetOrAdd(connectionString, _ => new State()), open, ct);

    private void StartBackground(State state, Func<DbConnection> open)
    {
        lock (state)
        {
            if (state.Background is { IsCompleted: false })
            {
                return;
            }

            state.Background = Task.Run(async () =>
            {
                try
                {
                    await UpdateAsync(state, open, CancellationToken.None);
                }
                catch (Exception e)
                {
                    state.Status = "failed: " + e.Message;
                    logger.LogError(e, "The in-memory search postings could not be brought up to date; FTS5 answers searches until the next try");
                }
            });
        }
    }

    /// <summary>
    /// Builds a new copy when there is none, when many of its documents are dead, or when the log was
    /// pruned past it, then takes in the log. A new copy is built without the gate, so the old one
    /// keeps answering (and taking in a few changes) meanwhile, and takes its place under the gate.
    /// </summary>
    private async Task UpdateAsync(State state, Func<DbConnection> open, CancellationToken ct)
    {
        await state.Updating.WaitAsync(ct);
        try
        {
            await using var connection = open();
            var index = state.Index;
            var rebuild = index is null
                || index.Dead > Math.Max(1_000, index.Documents / 4) // a new copy is smaller and faster than one full of dead postings
                || await LastSeqAsync(connection, ct) - index.AppliedSeq > RebuildLimit // a bulk load: building beside the copy keeps it answering
                || await FirstSeqAsync(connection, ct) > index.AppliedSeq + 1; // the log no longer reaches back to this copy
            MemoryIndex? built = null;
            if (rebuild)
            {
                state.Status = "building";
                var watch = Stopwatch.StartNew();
                built = await BuildAsync(connection, ct);
                logger.LogInformation("In-memory search postings built: {Documents} documents, {Terms} terms in {Seconds:0.0} s",
                    built.Documents, built.Terms, watch.Elapsed.TotalSeconds);
            }

            await state.Gate.WaitAsync(ct);
            try
            {
                index = built ?? state.Index!;
                await CatchUpAsync(index, connection, ct);
                state.Index = index;
            }
            finally
            {
                state.Gate.Release();
            }

            state.Status = "up to date";
            await PruneAsync(connection, index.AppliedSeq, ct);
        }
        finally
        {
            state.Updating.Release();
        }
    }

    /// <summary>A new copy of every document, as of one moment (a read transaction); changes after it come through the log.</summary>
    private static async Task<MemoryIndex> BuildAsync(DbConnection connection, CancellationToken ct)
    {
        var index = new MemoryIndex();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var seq = await LastSeqAsync(connection, ct, transaction);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = DocumentsSql + " ORDER BY m.\"Id\"";
            await using var reader = await command.ExecuteReaderAsync(ct);

            // Reading the next batch, and adding the last to the index, overlap with analysing the current batch.
            var first = Read(reader, BuildBatch);
            var analysing = Task.Run(() => Analyse(first), ct);
            while (true)
            {
                var documents = await analysing;
                var next = Read(reader, BuildBatch);
                if (next.Count > 0)
                {
                    analysing = Task.Run(() => Analyse(next), ct);
                }

                index.Apply(documents, [], 0);
                if (next.Count == 0)
                {
                    break;
                }
            }

            index.Apply([], [], seq);
        }

        await transaction.CommitAsync(ct);
        return index;
    }

    /// <summary>Takes in every log entry after the copy's, reading the changed documents as of one moment.</summary>
    private static async Task CatchUpAsync(MemoryIndex index, DbConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var changed = new HashSet<long>();
        long seq = index.AppliedSeq;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT \"Seq\", \"DocumentId\" FROM \"SearchChanges\" WHERE \"Seq\" > " + index.AppliedSeq.ToString(CultureInfo.InvariantCulture);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                seq = Math.Max(seq, reader.GetInt64(0));
                changed.Add(reader.GetInt64(1));
            }
        }

        if (seq == index.AppliedSeq)
        {
            return;
        }

        // In batches, so that memory stays bounded; the copy counts as holding the log only once all are in.
        foreach (var chunk in changed.Chunk(BuildBatch))
        {
            var rows = new List<Row>(chunk.Length);
            foreach (var ids in chunk.Chunk(ReadBatch))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = DocumentsSql + $" WHERE m.\"Id\" IN ({string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(Row.Read(reader));
                }
            }

            var present = rows.Select(r => r.Id).ToHashSet();
            index.Apply(Analyse(rows), chunk.Where(id => !present.Contains(id)), 0);
        }

        await transaction.CommitAsync(ct);
        index.Apply([], [], seq);
    }

    /// <summary>Drops log entries far behind the copy; a copy elsewhere that far behind rebuilds (it notices the gap).</summary>
    private static async Task PruneAsync(DbConnection connection, long applied, CancellationToken ct)
    {
        const long keep = 100_000;
        if (applied - await FirstSeqAsync(connection, ct) > 2 * keep)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM \"SearchChanges\" WHERE \"Seq\" < " + (applied - keep).ToString(CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private const string DocumentsSql =
        "SELECT m.\"Id\", m.\"Visibility\", m.\"OwnerOrganisationId\", m.\"CreatorUserId\", m.\"Audience\", m.\"Year\", m.\"Date\", m.\"Facets\","
        + " d.\"Title\", d.\"Summary\", d.\"Body\", d.\"FileText\", d.\"Extra\""
        + " FROM \"SearchMeta\" m JOIN \"SearchDocuments\" d ON d.\"Id\" = m.\"Id\"";

    private static async Task<long> LastSeqAsync(DbConnection connection, CancellationToken ct, DbTransaction? transaction = null) =>
        await ScalarAsync(connection, "SELECT coalesce(max(\"Seq\"), 0) FROM \"SearchChanges\"", transaction, ct);

    private static async Task<long> FirstSeqAsync(DbConnection connection, CancellationToken ct) =>
        await ScalarAsync(connection, "SELECT coalesce(min(\"Seq\"), 0) FROM \"SearchChanges\"", null, ct);

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static List<Row> Read(DbDataReader reader, int count)
    {
        var rows = new List<Row>(count);
        while (rows.Count < count && reader.Read())
        {
            rows.Add(Row.Read(reader));
        }

        return rows;
    }

    /// <summary>Analyses rows on every core: analysis costs far more than reading.</summary>
    private static MemoryDocument[] Analyse(List<Row> rows)
    {
        var documents = new MemoryDocument[rows.Count];
        Parallel.For(0, rows.Count, i => documents[i] = rows[i].Analyse());
        return documents;
    }

    private sealed record Row(long Id, int Visibility, long? Owner, string? Creator, string? Audience, int? Year, long? Date, byte[] Facets, string[] Columns)
    {
        public static Row Read(DbDataReader r) => new(
            r.GetInt64(0),
            r.GetInt32(1),
            r.IsDBNull(2) ? null : r.GetInt64(2),
            r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt32(5),
            r.IsDBNull(6) ? null : r.GetInt64(6),
            (byte[])r.GetValue(7),
            [r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12)]);

        public MemoryDocument Analyse()
        {
            var keys = new long[Facets.Length / 8];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = BinaryPrimitives.ReadInt64LittleEndian(Facets.AsSpan(i * 8));
            }

            return MemoryDocument.Analyse(Id, Visibility, Owner, Creator, Audience, Year, Date, keys, Columns);
        }
    }
}
