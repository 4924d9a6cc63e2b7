using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

/// <summary>
/// Delivers due outbox rows. A batch of up to <see cref="OutboxSettings.BatchSize"/> rows is
/// claimed with one conditional UPDATE that sets a lease (PostgreSQL: FOR UPDATE SKIP LOCKED, so
/// nodes take different rows; SQLite: one writer at a time), which only one worker on one node
/// can win. The batch is sent over one transport session, paced by <see cref="OutboxThrottle"/>,
/// and each row is marked sent by the lease holder right after the relay accepted it. The mark is
/// written while the next message is prepared and sent (composing, envelope and content, which
/// deliver nothing), and that message's final step (the closing dot) waits for it: so a kill loses
/// nothing (claimed rows are taken again when their lease runs out) and can duplicate only the one
/// message accepted by the relay and not yet marked. Transient failures are retried with
/// exponential backoff, permanent ones (5xx, bad address) marked failed.
/// </summary>
/// <remarks>
/// Marking a row sent is one small commit per message. It is made cheap without weakening the
/// guarantee against a crash of this process: on SQLite the pass's connection uses
/// <c>synchronous=NORMAL</c> (in WAL mode a commit is then durable against a process crash and
/// needs no fsync), on PostgreSQL <c>synchronous_commit=off</c> for the pass's session. Only a
/// crash of the machine or database server can lose the last fraction of a second of marks, and
/// then those messages are sent again: never lost.
/// </remarks>
public sealed class OutboxDeliveryService(
    HubDbContext db,
    IEmailTransport transport,
    OutboxThrottle throttle,
    OutboxSequencer sequencer,
    IServiceScopeFactory scopes,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDeliveryService> logger)
{
    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private int _claims;
    private DbCommand? _markSent;

    /// <summary>
    /// Delivers every row due now, batch after batch; returns how many were sent. With
    /// <see cref="OutboxSettings.Sessions"/> above 1 the pass runs that many sessions side by side,
    /// each claiming its own batches on its own database context, their deliveries taking turns
    /// through the node's <see cref="OutboxSequencer"/>. Each row is tried at most once per pass (a
    /// failure waits for its backoff and a later pass).
    /// </summary>
    public Task<int> DeliverDueAsync(CancellationToken ct) => DeliverDueAsync(null, ct);

    /// <inheritdoc cref="DeliverDueAsync(CancellationToken)"/>
    /// <param name="progress">Hears the number sent so far in this pass (all sessions) after each batch.</param>
    public async Task<int> DeliverDueAsync(IProgress<int>? progress, CancellationToken ct)
    {
        var sessions = Math.Max(1, options.Value.Outbox.Sessions);
        // A chain left failed by an earlier pass (a record that could not be written ended it) starts again.
        sequencer.Restart();
        if (sessions == 1)
        {
            return await DeliverSessionAsync(progress, ClaimSize(1), ct);
        }

        var counts = new int[sessions];
        IProgress<int>? Heard(int lane) => progress is null ? null : new SessionProgress(counts, lane, progress);
        var lanes = new List<Task<int>>(sessions) { DeliverSessionAsync(Heard(0), ClaimSize(sessions), ct) };
        for (var lane = 1; lane < sessions; lane++)
        {
            var heard = Heard(lane);
            lanes.Add(Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<OutboxDeliveryService>().DeliverSessionAsync(heard, ClaimSize(sessions), ct);
            }, ct));
        }

        return (await Task.WhenAll(lanes)).Sum();
    }

    /// <summary>
    /// Rows claimed at once: the batch size, or with several sessions at most
    /// <see cref="SharedClaim"/>, so that the rows due (a digest run queues them a page at a time)
    /// are spread over the sessions instead of all taken by the first.
    /// </summary>
    private int ClaimSize(int sessions) =>
        Math.Max(1, sessions == 1 ? options.Value.Outbox.BatchSize : Math.Min(options.Value.Outbox.BatchSize, SharedClaim));

    private const int SharedClaim = 50;

    /// <summary>One session's part of a pass: claims, sends and records batch after batch until nothing is due.</summary>
    private async Task<int> DeliverSessionAsync(IProgress<int>? progress, int claimSize, CancellationToken ct)
    {
        var sent = 0;
        long cursor = 0;
        await using var cheapCommits = await CheapCommitsAsync(ct);
        await using var session = transport.OpenSession();
        while (!ct.IsCancellationRequested)
        {
            var batch = await ClaimAsync(cursor, claimSize, ct);
            if (batch is null)
            {
                break;
            }

            cursor = batch.Rows[^1].Id;
            Task? recording = null; // the previous message's outcome, written while this one is prepared
            Dictionary<long, Body> bodies = [];
            var bodiesUntil = 0;
            try
            {
                for (var i = 0; i < batch.Rows.Count; i++)
                {
                    var row = batch.Rows[i];
                    if (!await HoldsLeaseAsync(batch, row.Id, () => recording, ct))
                    {
                        continue;
                    }

                    if (i >= bodiesUntil)
                    {
                        await AwaitAsync(recording); // one database operation at a time on this context
                        recording = null;
                        bodiesUntil = Math.Min(batch.Rows.Count, i + BodyPage);
                        bodies = await BodiesAsync(batch.Rows.GetRange(i, bodiesUntil - i), ct);
                    }

                    await throttle.WaitAsync(ct);
                    IPreparedEmail prepared;
                    try
                    {
                        var body = bodies.Remove(row.Id, out var b) ? b : throw new FormatException($"Outbox message {row.Id} has no body row.");
                        prepared = await session.PrepareAsync(ToEmail(row, body), ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        await AwaitAsync(recording);
                        recording = null;
                        await RecordFailureAsync(batch.Token, row, ex);
                        continue;
                    }

                    // At most one message delivered and not yet recorded, on this node: the message
                    // takes its turn in the node's chain (every session's messages), is sent while
                    // the messages before it are recorded, and the transport holds back its final
                    // step (the closing dot) until they are, this session's previous one included.
                    var outcome = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var before = sequencer.Next(outcome.Task);
                    Task? settled = null;
                    try
                    {
                        DeliveryReceipt receipt;
                        try
                        {
                            receipt = await prepared.CommitAsync(recording is null ? before : Task.WhenAll(before, recording), ct);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                        {
                            // A failed record ends the pass (this message was held back, not sent): this
                            // session's own, or one before it in the chain; else the record is done before
                            // this failure is written (one operation at a time).
                            await AwaitAsync(recording);
                            recording = null;
                            ct.ThrowIfCancellationRequested();
                            await AwaitAsync(before.IsFaulted ? before : null);
                            await RecordFailureAsync(batch.Token, row, ex);
                            settled = Task.CompletedTask;
                            continue;
                        }

                        await AwaitAsync(recording); // done already: the final step waited for it
                        recording = null;
                        sent++;
                        recording = RecordSentAsync(batch.Token, row, receipt);
                        settled = recording;
                    }
                    finally
                    {
                        _ = SettleAsync(outcome, before, settled);
                    }
                }
            }
            finally
            {
                await AwaitAsync(recording);
                if (ct.IsCancellationRequested)
                {
                    await ReleaseAsync(batch.Token);
                }
            }

            progress?.Report(sent);
        }

        return sent;
    }

    /// <summary>
    /// A message's place in the chain is settled when everything before it is and its own outcome
    /// is recorded (<paramref name="settled"/>); null when the pass ended without recording it
    /// (cancelled, or a record failed): then the chain fails, and no later message of this pass is
    /// delivered, as with one session.
    /// </summary>
    private static async Task SettleAsync(TaskCompletionSource outcome, Task before, Task? settled)
    {
        try
        {
            await before;
            if (settled is null)
            {
                throw new InvalidOperationException("The pass ended before this message's outcome was recorded.");
            }

            await settled;
            outcome.TrySetResult();
        }
        catch (Exception ex)
        {
            outcome.TrySetException(ex);
        }
    }

    /// <summary>Reports the pass's total, summed over its sessions' own counts.</summary>
    private sealed class SessionProgress(int[] counts, int lane, IProgress<int> progress) : IProgress<int>
    {
        public void Report(int value)
        {
            int total;
            lock (counts)
            {
                counts[lane] = value;
                total = counts.Sum();
            }

            progress.Report(total);
        }
    }

    /// <summary>
    /// How many messages' bodies are held at once. A claimed batch is read without them (status
    /// rows are small) and the bodies follow a page at a time, each dropped once its message is
    /// composed: memory stays bounded whatever <see cref="OutboxSettings.BatchSize"/> is.
    /// </summary>
    private const int BodyPage = 25;

    private sealed record Body(string TextBody, string? HtmlBody, string? HeadersJson, string? AttachmentsJson);

    private async Task<Dictionary<long, Body>> BodiesAsync(List<OutboxMessage> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        return await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.TextBody, m.HtmlBody, m.HeadersJson, m.AttachmentsJson })
            .ToDictionaryAsync(m => m.Id, m => new Body(m.TextBody, m.HtmlBody, m.HeadersJson, m.AttachmentsJson), ct);
    }

    private sealed class Batch(string token, DateTimeOffset leaseUntil, List<OutboxMessage> rows)
    {
        public string Token { get; } = token;
        public DateTimeOffset LeaseUntil { get; set; } = leaseUntil;
        public List<OutboxMessage> Rows { get; } = rows;
        public HashSet<long> Held { get; set; } = [.. rows.Select(r => r.Id)];
    }

    /// <summary>Claims the next due rows after <paramref name="cursor"/> in one statement and reads them; null when none is due.</summary>
    private async Task<Batch?> ClaimAsync(long cursor, int size, CancellationToken ct)
    {
        var settings = options.Value.Outbox;
        var now = clock.GetUtcNow().ToUniversalTime();
        var until = now.AddSeconds(settings.LeaseSeconds);
        var token = $"{_workerId}:{++_claims}";
        List<long> ids;
        if (db.Database.IsNpgsql())
        {
            ids = await db.Database.SqlQuery<long>($"""
                UPDATE "OutboxMessages" SET "State" = 1, "LeaseOwner" = {token}, "LeaseUntil" = {until}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE "Id" > {cursor} AND (("State" = 0 AND "NextAttemptAt" <= {now}) OR ("State" = 1 AND "LeaseUntil" < {now}))
                    ORDER BY "Id" LIMIT {size}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(ct);
        }
        else
        {
            // Dates are UTC ticks on SQLite (SqliteConventions); writers take turns, so the statement is the claim.
            ids = await db.Database.SqlQuery<long>($"""
                UPDATE "OutboxMessages" SET "State" = 1, "LeaseOwner" = {token}, "LeaseUntil" = {until.UtcTicks}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE "Id" > {cursor} AND (("State" = 0 AND "NextAttemptAt" <= {now.UtcTicks}) OR ("State" = 1 AND "LeaseUntil" < {now.UtcTicks}))
                    ORDER BY "Id" LIMIT {size})
                RETURNING "Id" AS "Value"
                """).ToListAsync(ct);
        }

        if (ids.Count == 0)
        {
            return null;
        }

        // The status rows only: the bodies are read a page at a time as the batch is sent (BodiesAsync).
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.LeaseOwner == token)
            .OrderBy(m => m.Id)
            .Select(m => new OutboxMessage
            {
                Id = m.Id, Kind = m.Kind, MessageId = m.MessageId, From = m.From, To = m.To, Subject = m.Subject, TextBody = "",
                DedupKey = m.DedupKey, State = m.State, Attempts = m.Attempts, CreatedAt = m.CreatedAt, NextAttemptAt = m.NextAttemptAt,
                LeaseOwner = m.LeaseOwner, LeaseUntil = m.LeaseUntil,
            })
            .ToListAsync(ct);
        return rows.Count == 0 ? null : new Batch(token, until, rows);
    }

    /// <summary>
    /// Whether this worker still owns the row. When half the lease has gone (a throttled batch, a
    /// slow relay) the lease of the rows not yet sent is renewed first, and any row another node
    /// took in the meantime is left to it.
    /// </summary>
    private async Task<bool> HoldsLeaseAsync(Batch batch, long id, Func<Task?> recording, CancellationToken ct)
    {
        var lease = TimeSpan.FromSeconds(options.Value.Outbox.LeaseSeconds);
        var now = clock.GetUtcNow();
        if (now > batch.LeaseUntil - (lease / 2))
        {
            await AwaitAsync(recording()); // one database operation at a time on this context
            var until = now + lease;
            await db.OutboxMessages
                .Where(m => m.LeaseOwner == batch.Token && m.State == OutboxState.Sending && batch.Held.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, until), ct);
            batch.Held = [.. await db.OutboxMessages
                .Where(m => m.LeaseOwner == batch.Token && m.State == OutboxState.Sending && batch.Held.Contains(m.Id))
                .Select(m => m.Id).ToListAsync(ct)];
            batch.LeaseUntil = until;
        }

        return batch.Held.Contains(id);
    }

    private static OutgoingEmail ToEmail(OutboxMessage row, Body body)
    {
        var headers = body.HeadersJson is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(body.HeadersJson) ?? [];
        var attachments = body.AttachmentsJson is null ? null : JsonSerializer.Deserialize<List<EmailAttachment>>(body.AttachmentsJson);
        return new OutgoingEmail(row.Id, row.MessageId, row.From, row.To, row.Subject, body.TextBody, body.HtmlBody, headers, row.CreatedAt, attachments);
    }

    /// <summary>
    /// The row is sent: one small UPDATE of the status row, by the lease holder only. A plain
    /// command on the pass's open connection, made once per pass and reused (it runs once per
    /// message, so EF's query pipeline would be a good part of its cost).
    /// </summary>
    private async Task RecordSentAsync(string token, OutboxMessage row, DeliveryReceipt receipt)
    {
        var command = _markSent ??= CreateMarkSentCommand();
        var now = clock.GetUtcNow();
        command.Parameters[0].Value = db.Database.IsSqlite() ? now.UtcTicks : now.ToUniversalTime();
        command.Parameters[1].Value = (object?)receipt.PickupFile ?? DBNull.Value;
        command.Parameters[2].Value = row.Id;
        command.Parameters[3].Value = token;
        await command.ExecuteNonQueryAsync(CancellationToken.None);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Sent outbox message {OutboxId} ({Kind}) to {To}", row.Id, row.Kind, row.To);
        }
    }

    private DbCommand CreateMarkSentCommand()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"""
            UPDATE "OutboxMessages" SET "State" = {(int)OutboxState.Sent}, "SentAt" = @sentAt, "LeaseOwner" = NULL, "LeaseUntil" = NULL, "LastError" = NULL, "PickupFile" = @pickup
            WHERE "Id" = @id AND "LeaseOwner" = @token
            """;
        foreach (var name in (string[])["@sentAt", "@pickup", "@id", "@token"])
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task RecordFailureAsync(string token, OutboxMessage row, Exception ex)
    {
        var settings = options.Value.Outbox;
        var id = row.Id;
        var permanent = ex is EmailDeliveryException { Permanent: true } or FormatException or JsonException;
        var attempts = row.Attempts; // read after the claim, which counted this attempt
        var failed = permanent || attempts >= settings.MaxAttempts;
        var delay = TimeSpan.FromSeconds(Math.Min(3600, settings.RetryBaseSeconds * Math.Pow(2, attempts - 1)));
        await db.OutboxMessages
            .Where(m => m.Id == id && m.LeaseOwner == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, failed ? OutboxState.Failed : OutboxState.Pending)
                .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow() + delay)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, Truncate(ex.Message, 2000)), CancellationToken.None);
        logger.LogWarning(ex, "Outbox message {OutboxId} attempt {Attempt} failed ({Outcome})",
            id, attempts, failed ? "failed for good" : $"retry in {delay}");
    }

    private static async Task AwaitAsync(Task? task)
    {
        if (task is not null)
        {
            await task;
        }
    }

    /// <summary>On shutdown, the rows claimed but not tried go back at once rather than after their lease.</summary>
    private async Task ReleaseAsync(string token)
    {
        try
        {
            await db.OutboxMessages
                .Where(m => m.LeaseOwner == token && m.State == OutboxState.Sending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Pending)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not release claimed outbox rows; their lease will run out");
        }
    }

    /// <summary>Holds the context's connection open for the pass with cheap commits (see the remarks above); restores it after.</summary>
    private async Task<IAsyncDisposable> CheapCommitsAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        string restore;
        if (db.Database.IsSqlite())
        {
            var previous = await ScalarAsync(connection, "PRAGMA synchronous;", ct);
            var timeout = await ScalarAsync(connection, "PRAGMA busy_timeout;", ct);
            // A mark that meets another writer's transaction (the digest composer's, say) waits
            // inside SQLite rather than failing at once into Microsoft.Data.Sqlite's retry, which
            // sleeps 150 ms a time (at one mark per message that sleep was a third of a digest
            // run's delivery time), and tries again every millisecond (SqliteBusyWait), not after
            // SQLite's own sleeps of up to 100 ms, which slept through the composer's free spells.
            await ExecuteAsync(connection, $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};", ct);
            SqliteBusyWait.Install((Microsoft.Data.Sqlite.SqliteConnection)connection);
            restore = $"PRAGMA synchronous={Convert.ToInt32(previous, System.Globalization.CultureInfo.InvariantCulture)}; PRAGMA busy_timeout={Convert.ToInt32(timeout, System.Globalization.CultureInfo.InvariantCulture)};";
        }
        else
        {
            await ExecuteAsync(connection, "SET synchronous_commit = off;", ct);
            restore = "RESET synchronous_commit;";
        }

        return new Restore(async () =>
        {
            try
            {
                if (_markSent is not null)
                {
                    await _markSent.DisposeAsync();
                    _markSent = null;
                }

                if (connection.State == ConnectionState.Open)
                {
                    await ExecuteAsync(connection, restore, CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    /// <summary>How long a SQLite write waits for another writer inside SQLite before giving up (then Microsoft.Data.Sqlite's own retry takes over).</summary>
    private const int BusyTimeoutMs = 30_000;

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class Restore(Func<Task> action) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await action();
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
