using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Jobs;
using ResearchHub.Core.Members;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

public sealed record DigestRunResult(int Due, int Queued, int Empty, int Suspended, bool LeaseHeld);

public sealed record DigestPreview(DigestContent Content, EmailMessage Message, bool IsDue);

/// <summary>
/// Due digests, derived from data: for each active, unsuspended digest subscription, the latest
/// period due now (<see cref="DigestPeriods.LastDue"/>) unless a <see cref="DigestRecord"/> for it
/// exists. Each digest is written as an outbox row (dedup key member + group + mode + period) and a
/// record, in one transaction per batch: a crash loses the batch in progress and nothing else, and
/// the next pass recomposes it. One node composes at a time (a lease); the unique keys hold even
/// if two did. Delivery is Core's outbox worker's.
/// </summary>
public sealed class DigestService(
    HubDbContext db,
    DigestComposer composer,
    DigestRenderer renderer,
    MailOutbox outbox,
    DigestPreferences preferences,
    IOptions<MailingGroupsOptions> options,
    TimeProvider clock,
    JobLeases leases,
    IMemberDirectory directory,
    ILogger<DigestService> logger)
{
    public const string DigestKind = "mailing-digest";
    public const string PostKind = "mailing-post";
    public const string PreviewKind = "mailing-preview";
    private const string LeaseName = "digests";
    /// <summary>
    /// Members per page, and digests per transaction: small enough that a page's rendered messages
    /// (some 40 KB each in memory) stay a few MB, and that the outbox worker's commits, which on
    /// SQLite wait for this writer, never wait long; large enough that the per-page reads and the
    /// commit are a small part of the work.
    /// </summary>
    private const int BatchSize = 100;

    public static string DedupKey(string userId, long groupId, DeliveryMode mode, DateTimeOffset periodStart) =>
        $"digest:{userId}:{groupId}:{(int)mode}:{periodStart.UtcDateTime:yyyyMMddHH}";

    /// <summary>Composes and queues every due digest; <paramref name="progress"/> hears after each batch.</summary>
    public async Task<DigestRunResult> SendDueAsync(IProgress<string>? progress, CancellationToken ct)
    {
        if (!await ClaimLeaseAsync(ct))
        {
            return new DigestRunResult(0, 0, 0, 0, false);
        }

        try
        {
            // Inside the try: a pass cancelled while it opens the connection still frees the lease.
            await using var waits = await WaitForOtherWritersAsync(ct);
            var suspended = await SuspendBouncingAsync(ct);
            int due = 0, queued = 0, empty = 0;
            var groups = await db.Set<MailingGroup>().AsNoTracking().OrderBy(g => g.Id).ToListAsync(ct);
            // Members who take one combined digest are left out of each group's run and served together after.
            var combined = await preferences.CombinedMembersAsync(ct);
            foreach (var group in groups)
            {
                var (d, q, e) = await SendGroupAsync(group, combined, progress, ct);
                (due, queued, empty) = (due + d, queued + q, empty + e);
            }

            var (cd, cq, ce) = await SendCombinedAsync(groups, combined, progress, ct);
            (due, queued, empty) = (due + cd, queued + cq, empty + ce);

            progress?.Report($"digests: {queued} queued, {empty} empty, {due} due, {suspended} subscriptions suspended");
            return new DigestRunResult(due, queued, empty, suspended, true);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName);
        }
    }

    /// <summary>
    /// The group's due digests, a page of <see cref="BatchSize"/> members at a time (keyset on the
    /// member id): each page's zones, periods, records and recipients are read for that page alone
    /// and its digests written in one transaction, so memory stays bounded however large the group.
    /// What the group's digests can contain is read once (<see cref="DigestSnapshot"/>) and read
    /// again only when a page reaches back further than the snapshot does.
    /// </summary>
    private async Task<(int Due, int Queued, int Empty)> SendGroupAsync(MailingGroup group, Dictionary<string, DeliveryMode> combined, IProgress<string>? progress, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        // Each member's periods in their own zone (the site's unless they chose one), worked out once per mode and zone.
        var periods = new Dictionary<(DeliveryMode, string), DigestPeriod>();
        DigestSnapshot? snapshot = null;
        var bodies = new DigestBodyCache();
        (DateTimeOffset From, DateTimeOffset To) snapshotWindow = default;
        int due = 0, queued = 0, empty = 0;
        var after = "";
        while (true)
        {
            var members = await db.Set<GroupMembership>().AsNoTracking()
                .Where(m => m.GroupId == group.Id && string.Compare(m.UserId, after) > 0 && m.Status == MembershipStatus.Active && m.SuspendedAt == null
                    && (m.Mode == DeliveryMode.Daily || m.Mode == DeliveryMode.Weekly || m.Mode == DeliveryMode.Monthly))
                .OrderBy(m => m.UserId).Take(BatchSize)
                .ToListAsync(ct);
            if (members.Count == 0)
            {
                break;
            }

            // Members who take one combined digest are served together after the groups.
            after = members[^1].UserId;
            members.RemoveAll(m => combined.ContainsKey(m.UserId));
            if (members.Count == 0)
            {
                continue;
            }

            var userIds = members.Select(m => m.UserId).ToList();
            var zones = await preferences.ZonesAsync(userIds, ct);
            var memberPeriods = new Dictionary<string, DigestPeriod>(StringComparer.Ordinal);
            foreach (var m in members)
            {
                var zone = zones[m.UserId];
                if (!periods.TryGetValue((m.Mode, zone.Id), out var period))
                {
                    periods[(m.Mode, zone.Id)] = period = DigestPeriods.LastDue(m.Mode, now, zone, settings.SendHour);
                }

                memberPeriods[m.UserId] = period;
            }

            var starts = memberPeriods.Values.Select(p => p.Start).Distinct().ToList();
            var done = (await db.Set<DigestRecord>().AsNoTracking()
                    .Where(r => userIds.Contains(r.UserId) && r.GroupId == group.Id && starts.Contains(r.PeriodStart))
                    .Select(r => new { r.UserId, r.Mode, r.PeriodStart }).ToListAsync(ct))
                .Select(r => (r.UserId, r.Mode, r.PeriodStart)).ToHashSet();
            var lastEnds = (await db.Set<DigestRecord>().AsNoTracking().Where(r => userIds.Contains(r.UserId) && r.GroupId == group.Id)
                    .GroupBy(r => r.UserId).Select(g => new { UserId = g.Key, End = g.Max(r => r.WindowEnd) }).ToListAsync(ct))
                .ToDictionary(r => r.UserId, r => r.End, StringComparer.Ordinal);

            var work = members
                .Select(m => (Member: m, Period: memberPeriods[m.UserId]))
                .Where(x => x.Member.CreatedAt < x.Period.End && !done.Contains((x.Member.UserId, x.Member.Mode, x.Period.Start)))
                .Select(x => (x.Member, x.Period, Start: WindowStart(x.Member, x.Period, lastEnds.TryGetValue(x.Member.UserId, out var end) ? end : null)))
                .ToList();
            if (work.Count == 0)
            {
                continue;
            }

            var from = work.Min(w => w.Start);
            var to = work.Max(w => w.Period.End);
            if (snapshot is null || from < snapshotWindow.From || to > snapshotWindow.To)
            {
                snapshotWindow = snapshot is null ? (from, to)
                    : (from < snapshotWindow.From ? from : snapshotWindow.From, to > snapshotWindow.To ? to : snapshotWindow.To);
                snapshot = await composer.SnapshotAsync(group, snapshotWindow.From, snapshotWindow.To, settings.MeetingDays, ct);
                bodies = new DigestBodyCache();
            }

            var recipients = await composer.RecipientsAsync([.. work.Select(w => w.Member.UserId)], ct);
            var records = new List<(DigestRecord Record, EmailMessage? Message)>(work.Count);
            foreach (var (member, period, start) in work)
            {
                if (!recipients.TryGetValue(member.UserId, out var recipient))
                {
                    continue;
                }

                var content = composer.Compose(snapshot, group, member.Mode, period, start, period.End, recipient);
                var record = new DigestRecord
                {
                    UserId = member.UserId,
                    GroupId = group.Id,
                    Mode = member.Mode,
                    PeriodStart = period.Start,
                    WindowStart = start,
                    WindowEnd = period.End,
                    Volume = period.Volume,
                    Issue = period.Issue,
                    Posts = content.Posts.Count,
                    Resources = content.News,
                    CreatedAt = now,
                };
                records.Add((record, content.IsEmpty ? null : renderer.Digest(content, recipient, bodies)));
            }

            var (q, e) = await SaveBatchAsync(records, ct);
            (due, queued, empty) = (due + work.Count, queued + q, empty + e);
            progress?.Report($"{group.Name}: composed {queued + empty} ({queued} queued, {empty} empty)");
            await RenewLeaseAsync(ct);
        }

        return (due, queued, empty);
    }

    /// <summary>
    /// One email per member for every group they take by digest, at their combined frequency, in
    /// their zone. A record per group (unique per member, group, mode and period, as always) and
    /// the one outbox row (dedup key member + "all" + mode + period) are written in one transaction
    /// per member; each group's part starts where that group's last digest to them ended.
    /// </summary>
    private async Task<(int Due, int Queued, int Empty)> SendCombinedAsync(
        IReadOnlyList<MailingGroup> allGroups, Dictionary<string, DeliveryMode> combined, IProgress<string>? progress, CancellationToken ct)
    {
        if (combined.Count == 0)
        {
            return (0, 0, 0);
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var groups = allGroups.ToDictionary(g => g.Id);
        int due = 0, queued = 0, empty = 0;
        foreach (var chunk in combined.Keys.Order(StringComparer.Ordinal).Chunk(BatchSize))
        {
            var memberships = await db.Set<GroupMembership>().AsNoTracking()
                .Where(m => chunk.Contains(m.UserId) && m.Status == MembershipStatus.Active && m.SuspendedAt == null
                    && (m.Mode == DeliveryMode.Daily || m.Mode == DeliveryMode.Weekly || m.Mode == DeliveryMode.Monthly))
                .ToListAsync(ct);
            var zones = await preferences.ZonesAsync(chunk, ct);
            var periods = chunk.ToDictionary(u => u, u => DigestPeriods.LastDue(combined[u], now, zones[u], settings.SendHour), StringComparer.Ordinal);
            var starts = periods.Values.Select(p => p.Start).Distinct().ToList();
            var done = (await db.Set<DigestRecord>().AsNoTracking()
                    .Where(r => chunk.Contains(r.UserId) && starts.Contains(r.PeriodStart))
                    .Select(r => new { r.UserId, r.GroupId, r.Mode, r.PeriodStart }).ToListAsync(ct))
                .Select(r => (r.UserId, r.GroupId, r.Mode, r.PeriodStart)).ToHashSet();
            var lastEnds = (await db.Set<DigestRecord>().AsNoTracking().Where(r => chunk.Contains(r.UserId))
                    .GroupBy(r => new { r.UserId, r.GroupId }).Select(g => new { g.Key.UserId, g.Key.GroupId, End = g.Max(r => r.WindowEnd) }).ToListAsync(ct))
                .ToDictionary(r => (r.UserId, r.GroupId), r => r.End);
            var work = memberships
                .Where(m => groups.ContainsKey(m.GroupId) && m.CreatedAt < periods[m.UserId].End
                    && !done.Contains((m.UserId, m.GroupId, combined[m.UserId], periods[m.UserId].Start)))
                .Select(m => (Member: m, Start: WindowStart(m, periods[m.UserId], lastEnds.TryGetValue((m.UserId, m.GroupId), out var end) ? end : null)))
                .ToList();
            if (work.Count == 0)
            {
                continue;
            }

            var snapshots = new Dictionary<long, DigestSnapshot>();
            foreach (var byGroup in work.GroupBy(w => w.Member.GroupId))
            {
                snapshots[byGroup.Key] = await composer.SnapshotAsync(groups[byGroup.Key], byGroup.Min(w => w.Start),
                    byGroup.Max(w => periods[w.Member.UserId].End), settings.MeetingDays, ct);
            }

            var recipients = await composer.RecipientsAsync([.. work.Select(w => w.Member.UserId).Distinct()], ct);
            var bodies = new DigestBodyCache();
            foreach (var member in work.GroupBy(w => w.Member.UserId))
            {
                if (!recipients.TryGetValue(member.Key, out var recipient))
                {
                    continue;
                }

                var mode = combined[member.Key];
                var period = periods[member.Key];
                var parts = member.OrderBy(w => groups[w.Member.GroupId].Name, StringComparer.CurrentCulture)
                    .Select(w => composer.Compose(snapshots[w.Member.GroupId], groups[w.Member.GroupId], mode, period, w.Start, period.End, recipient))
                    .ToList();
                var records = member.Zip(parts).Select(x => new DigestRecord
                {
                    UserId = member.Key,
                    GroupId = x.Second.Group.Id,
                    Mode = mode,
                    PeriodStart = period.Start,
                    WindowStart = x.First.Start,
                    WindowEnd = period.End,
                    Volume = period.Volume,
                    Issue = period.Issue,
                    Posts = x.Second.Posts.Count,
                    Resources = x.Second.News,
                    CreatedAt = now,
                }).ToList();
                var message = parts.All(p => p.IsEmpty) ? null : renderer.Combined([.. parts.Where(p => !p.IsEmpty)], recipient, mode, period, bodies);
                due += records.Count;
                if (await SaveCombinedAsync(records, message, CombinedDedupKey(member.Key, mode, period.Start), ct))
                {
                    _ = message is null ? empty++ : queued++;
                }
            }

            progress?.Report($"combined digests: {queued} queued, {empty} empty");
            await RenewLeaseAsync(ct);
        }

        return (due, queued, empty);
    }

    public static string CombinedDedupKey(string userId, DeliveryMode mode, DateTimeOffset periodStart) =>
        $"digest:{userId}:all:{(int)mode}:{periodStart.UtcDateTime:yyyyMMddHH}";

    /// <summary>A member's combined digest: its records and its one outbox row together, or nothing when another writer got there first.</summary>
    private async Task<bool> SaveCombinedAsync(List<DigestRecord> records, EmailMessage? message, string key, CancellationToken ct)
    {
        try
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, ct);
            await WriteOrUndoAsync(transaction, async () =>
            {
                if (message is not null)
                {
                    await outbox.EnqueueManyAsync([(DigestKind, message, key)], ct);
                    records.ForEach(r => r.OutboxDedupKey = key);
                }

                await InsertRecordsAsync(records, ct);
            }, ct);
            return true;
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            logger.LogInformation(ex, "A combined digest was written elsewhere");
            return false; // its unique keys: this digest exists already
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Since the member's last digest of this group; a first digest reaches back at most one period
    /// before its own (a member who switches on digests is not sent the group's whole history).
    /// </summary>
    private static DateTimeOffset WindowStart(GroupMembership member, DigestPeriod period, DateTimeOffset? lastEnd)
    {
        if (lastEnd is { } end)
        {
            return end < period.End ? end : period.End;
        }

        var reach = period.Start - (period.End - period.Start);
        return member.CreatedAt > reach ? member.CreatedAt : reach;
    }

    /// <summary>One transaction for the batch; if another writer got there first, each digest alone, so only the duplicates are dropped.</summary>
    private async Task<(int Queued, int Empty)> SaveBatchAsync(List<(DigestRecord Record, EmailMessage? Message)> records, CancellationToken ct)
    {
        try
        {
            await SaveAsync(records, ct);
            return (records.Count(r => r.Message is not null), records.Count(r => r.Message is null));
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            logger.LogInformation(ex, "A digest batch met digests written elsewhere; saving one by one");
        }

        int queued = 0, empty = 0;
        foreach (var (record, message) in records)
        {
            try
            {
                await SaveAsync([(record, message)], ct);
                _ = message is null ? empty++ : queued++;
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException)
            {
                // Its unique key: this digest exists already. That is the guarantee working.
            }
        }

        return (queued, empty);
    }

    /// <summary>
    /// The digests' outbox rows (bulk INSERTs, no change tracking) and their records, in one
    /// transaction: both or neither.
    /// </summary>
    private async Task SaveAsync(List<(DigestRecord Record, EmailMessage? Message)> records, CancellationToken ct)
    {
        try
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, ct);
            await WriteOrUndoAsync(transaction, async () =>
            {
                var messages = new List<(string, EmailMessage, string?)>();
                foreach (var (record, message) in records)
                {
                    if (message is not null)
                    {
                        var key = DedupKey(record.UserId, record.GroupId, record.Mode, record.PeriodStart);
                        messages.Add((DigestKind, message, key));
                        record.OutboxDedupKey = key;
                    }
                }

                await outbox.EnqueueManyAsync(messages, ct);
                await InsertRecordsAsync([.. records.Select(r => r.Record)], ct);
            }, ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The writes and their commit, or, when a write fails (another writer's digest met its unique
    /// key), the unit rolled back before the error goes on: an owned transaction as its disposal
    /// would, a unit joined to a caller's transaction back to its savepoint, so the caller's
    /// transaction stays usable for the one-by-one retry.
    /// </summary>
    private static async Task WriteOrUndoAsync(UnitOfWork transaction, Func<Task> write, CancellationToken ct)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception undo) when (undo is DbException or InvalidOperationException)
            {
                // A connection that broke under the write: the transaction is gone with it, and the
                // write's own error is the one to report.
            }

            throw;
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The digest records as multi-row INSERTs on the transaction's connection (no change tracking:
    /// for a page of digests EF's SaveChanges cost more than composing them). A record whose
    /// member, group, mode and period exist already fails the statement with a
    /// <see cref="DbException"/>, as SaveChanges would have.
    /// </summary>
    private async Task InsertRecordsAsync(IReadOnlyList<DigestRecord> records, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Digest records are written in the outbox rows' transaction.");
        var sqlite = db.Database.IsSqlite();
        object At(DateTimeOffset value) => sqlite ? value.UtcTicks : value.ToUniversalTime();
        foreach (var chunk in records.Chunk(50))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var sql = new System.Text.StringBuilder("""INSERT INTO "MailingDigests" ("UserId", "GroupId", "Mode", "PeriodStart", "WindowStart", "WindowEnd", "Volume", "Issue", "Posts", "Resources", "OutboxDedupKey", "CreatedAt") VALUES """);
            for (var i = 0; i < chunk.Length; i++)
            {
                var r = chunk[i];
                sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"(@u{i}, {r.GroupId}, {(int)r.Mode}, @p{i}, @s{i}, @e{i}, {r.Volume}, {r.Issue}, {r.Posts}, {r.Resources}, @k{i}, @c{i})");
                Add(command, $"@u{i}", r.UserId);
                Add(command, $"@p{i}", At(r.PeriodStart));
                Add(command, $"@s{i}", At(r.WindowStart));
                Add(command, $"@e{i}", At(r.WindowEnd));
                Add(command, $"@k{i}", r.OutboxDedupKey);
                Add(command, $"@c{i}", At(r.CreatedAt));
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }

        static void Add(DbCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// Bounces, derived from the outbox: messages of this module that failed for good, per address,
    /// since the member last resumed. At <see cref="MailingGroupsOptions.MaxBounces"/> the member's
    /// subscriptions are suspended; their subscriptions page says why and lets them resume.
    /// </summary>
    public async Task<int> SuspendBouncingAsync(CancellationToken ct)
    {
        var failures = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.State == OutboxState.Failed && (m.Kind == DigestKind || m.Kind == PostKind))
            .Select(m => new { m.To, m.CreatedAt }).ToListAsync(ct);
        if (failures.Count == 0)
        {
            return 0;
        }

        var byAddress = failures.ToLookup(f => f.To.ToUpperInvariant(), f => f.CreatedAt);
        var addresses = byAddress.Select(g => g.Key).ToList();
        var addressOf = (await directory.FindByEmailAsync(addresses, ct)).ToDictionary(m => m.Value.Id, m => m.Key, StringComparer.Ordinal);
        var userIds = addressOf.Keys.ToList();
        var candidates = (await db.Set<GroupMembership>()
                .Where(m => m.SuspendedAt == null && userIds.Contains(m.UserId))
                .ToListAsync(ct))
            .Select(m => new { Membership = m, NormalizedEmail = (string?)addressOf[m.UserId] })
            .ToList();
        var now = clock.GetUtcNow();
        var suspended = 0;
        foreach (var x in candidates)
        {
            var since = x.Membership.BouncesResetAt ?? DateTimeOffset.MinValue;
            if (byAddress[x.NormalizedEmail!].Count(at => at > since) >= options.Value.MaxBounces)
            {
                x.Membership.SuspendedAt = now;
                suspended++;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return suspended;
    }

    /// <summary>Permanent failures counted against an address since <paramref name="since"/>.</summary>
    public Task<int> BouncesAsync(string email, DateTimeOffset? since, CancellationToken ct)
    {
        var from = since ?? DateTimeOffset.MinValue;
        return db.OutboxMessages.CountAsync(m => m.State == OutboxState.Failed && (m.Kind == DigestKind || m.Kind == PostKind)
            && m.To == email && m.CreatedAt > from, ct);
    }

    /// <summary>
    /// The member's next digest of the group, exactly as the sender would compose it: the due period
    /// if one is waiting, else the period running now with what it holds so far.
    /// </summary>
    public async Task<DigestPreview?> PreviewAsync(long groupId, string userId, CancellationToken ct)
    {
        var group = await db.Set<MailingGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId, ct);
        var member = await db.Set<GroupMembership>().AsNoTracking()
            .FirstOrDefaultAsync(m => m.GroupId == groupId && m.UserId == userId && m.Status == MembershipStatus.Active, ct);
        if (group is null || member is null)
        {
            return null; // a digest goes to members only: there is nothing to preview for anyone else
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var mode = DigestPeriods.IsDigest(member.Mode) ? member.Mode : DeliveryMode.Weekly;
        var zone = (await preferences.ZonesAsync([userId], ct))[userId];
        var lastDue = DigestPeriods.LastDue(mode, now, zone, settings.SendHour);
        var isDue = !await db.Set<DigestRecord>().AnyAsync(r => r.UserId == userId && r.GroupId == groupId && r.Mode == mode && r.PeriodStart == lastDue.Start, ct)
            && member.CreatedAt < lastDue.End;
        var period = isDue ? lastDue : DigestPeriods.Current(mode, now, zone);
        var lastEnd = await db.Set<DigestRecord>().Where(r => r.UserId == userId && r.GroupId == groupId)
            .MaxAsync(r => (DateTimeOffset?)r.WindowEnd, ct);
        var start = WindowStart(member, period, lastEnd);
        var windowEnd = isDue ? period.End : now;
        var recipient = (await composer.RecipientsAsync([userId], ct)).GetValueOrDefault(userId);
        if (recipient is null)
        {
            return null;
        }

        var snapshot = await composer.SnapshotAsync(group, start, windowEnd, settings.MeetingDays, ct);
        var content = composer.Compose(snapshot, group, mode, period, start, windowEnd, recipient);
        return new DigestPreview(content, renderer.Digest(content, recipient), isDue);
    }

    /// <summary>Sends a preview to someone else's address (the administrator's own), marked as a preview, recording nothing.</summary>
    public async Task<bool> SendPreviewAsync(long groupId, string userId, string toEmail, CancellationToken ct)
    {
        var preview = await PreviewAsync(groupId, userId, ct);
        if (preview is null)
        {
            return false;
        }

        outbox.Enqueue(PreviewKind, preview.Message with { To = toEmail, Subject = "[Preview] " + preview.Message.Subject });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// On SQLite, for the pass: the context's connection held open with a busy timeout, so a page's
    /// write that meets another writer (the outbox worker marking a message sent) waits inside
    /// SQLite, a millisecond or two at first, rather than failing into Microsoft.Data.Sqlite's
    /// retry, which sleeps 150 ms a time. Restored when the pass ends.
    /// </summary>
    private async Task<IAsyncDisposable> WaitForOtherWritersAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return new Restore(() => Task.CompletedTask);
        }

        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        long previous;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA busy_timeout;";
            previous = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA busy_timeout=30000;";
            await command.ExecuteNonQueryAsync(ct);
        }

        return new Restore(async () =>
        {
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA busy_timeout={previous};";
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    private sealed class Restore(Func<Task> action) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await action();
    }

    private Task<bool> ClaimLeaseAsync(CancellationToken ct) =>
        leases.TryClaimAsync(LeaseName, TimeSpan.FromSeconds(options.Value.LeaseSeconds), ct);

    private Task RenewLeaseAsync(CancellationToken ct) =>
        leases.RenewAsync(LeaseName, TimeSpan.FromSeconds(options.Value.LeaseSeconds), ct);
}
