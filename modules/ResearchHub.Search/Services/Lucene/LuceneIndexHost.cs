using System.Data.Common;
using System.Globalization;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>The index as the admin page shows it.</summary>
public sealed record IndexState(int Documents, int Segments, long BytesOnDisk, long Lag, bool Building, long Built, string Folder);

/// <summary>
/// This node's Lucene index (one per node, under App_Data/search/node-N/, the first folder no other
/// process or host holds), kept in step with the database through the change log:
/// <list type="bullet">
/// <item>every search first applies what the log holds beyond the index (up to a bound), so a
/// change committed before a search is found by it, on the node that wrote it and on any other;</item>
/// <item>the follower (<see cref="SearchFollower"/>) does the same in the background, commits every
/// few seconds with the mark reached, and notices a rebuild asked for by any node;</item>
/// <item>at start the committed index is opened and follows the log from its mark (a node that was
/// down, or killed, catches up without a rebuild); a folder without an index for this database is
/// built from the rows;</item>
/// <item>a rebuild builds a new folder beside the live one, which keeps answering, and swaps it in.</item>
/// </list>
/// </summary>
public sealed class LuceneIndexHost(SearchRecord record, HubPaths paths, IOptions<SearchOptions> options, ILogger<LuceneIndexHost> logger) : IDisposable
{
    public const string GenerationState = "Generation";
    private const string DatabaseIdState = "IndexId";

    /// <summary>Documents a search applies from the log before answering; beyond this the follower catches up and the search answers at once.</summary>
    private const int SearchCatchUp = 2000;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SemaphoreSlim _rebuilding = new(1, 1);
    private FileStream? _slotLock;
    private string? _slot;
    private IndexGeneration? _current;

    /// <summary>A generation being built beside the live one (its build's mark is part of this node's position).</summary>
    private IndexGeneration? _next;

    /// <summary>This node's name in the recorded positions: the machine and its node folder, the same across restarts.</summary>
    private string? _nodeKey;
    private ChangeMark? _reported;
    private long _reportedAt;
    private long _prunedAt = Environment.TickCount64;
    private bool _disposed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _shutdownGate = new();
    private Task? _shutdown;

    /// <summary>Changes written that the searchers do not show yet (a catch-up in several rounds refreshes once, at its end).</summary>
    private bool _stale;

    /// <summary>The open index; after the host stopped, none.</summary>
    private IndexGeneration Current => _current ?? throw new ObjectDisposedException(nameof(LuceneIndexHost), "The search index has been shut down with its host.");

    /// <summary>Restrictions (visibility, facet selections) as cached bit sets per segment, shared by every search on this node.</summary>
    public RestrictionCache Restrictions { get; } = new();

    /// <summary>Runs <paramref name="work"/> on a searcher that has every change committed before the call (within the catch-up bound).</summary>
    public async Task<T> SearchAsync<T>(Func<IndexSearcher, T> work, CancellationToken ct)
    {
        await CatchUpAsync(SearchCatchUp, refresh: true, ct);
        var generation = Current;
        var searcher = generation.Searchers.Acquire();
        try
        {
            return work(searcher);
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the current searcher, without reading the log first (the benchmark's bare engine query).</summary>
    public async Task<T> SearchAsIsAsync<T>(Func<IndexSearcher, T> work, CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        var generation = Current;
        var searcher = generation.Searchers.Acquire();
        try
        {
            return work(searcher);
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
    }

    /// <summary>Applies the log until nothing is left (a bulk load's end, the benchmark's "optimize") and commits.</summary>
    public async Task CatchUpFullyAsync(CancellationToken ct)
    {
        while (await CatchUpAsync(5000, refresh: false, ct))
        {
        }

        await _lock.WaitAsync(ct);
        try
        {
            Refresh();
            Current.Commit();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Opens the index and applies the log for up to <paramref name="budget"/> (at start; the follower does the rest).</summary>
    public async Task CatchUpAsync(TimeSpan budget, CancellationToken ct)
    {
        var until = Environment.TickCount64 + (long)budget.TotalMilliseconds;
        while (Environment.TickCount64 < until && await CatchUpAsync(2000, refresh: false, ct))
        {
        }

        await _lock.WaitAsync(ct);
        try
        {
            Refresh();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The follower's round: apply what is new, commit when due, and rebuild when another node (or a reindex) asked.</summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        // While writes keep coming the log is never empty: every second of applying is followed by a
        // refresh (searches see it) and a commit when due (a kill -9 loses at most that much work).
        bool more;
        do
        {
            var until = Environment.TickCount64 + 1000;
            do
            {
                more = await CatchUpAsync(1000, refresh: false, ct);
            }
            while (more && Environment.TickCount64 < until);

            await _lock.WaitAsync(ct);
            try
            {
                Refresh();
                Current.CommitIfDue(options.Value.CommitMilliseconds);
            }
            finally
            {
                _lock.Release();
            }
        }
        while (more);

        await using var connection = await record.OpenAsync(ct);
        await ReportPositionAsync(connection, ct);
        if (Environment.TickCount64 - _prunedAt >= options.Value.PruneMinutes * 60_000L)
        {
            _prunedAt = Environment.TickCount64;
            var deleted = await record.PruneAsync(connection, TimeSpan.FromHours(options.Value.PositionHorizonHours), DateTimeOffset.UtcNow, ct);
            logger.LogInformation("Search change log pruned: {Entries} entries every node has applied", deleted);
        }

        var wanted = await record.StateAsync(connection, GenerationState, ct) ?? "";
        if (wanted != Current.DatabaseGeneration)
        {
            await RebuildAsync(ct);
        }
        else if (record.Behind(Current.Mark, await record.PrunedAsync(connection, ct)))
        {
            // Silent for longer than the horizon (stalled), the log was pruned past this index: built again from the rows.
            logger.LogWarning("The search change log was pruned beyond this node's index ({Mark}); building it again from the database", Current.Mark);
            await RebuildAsync(ct);
        }
    }

    /// <summary>
    /// Prunes the change log now (the follower does it every <see cref="SearchOptions.PruneMinutes"/>):
    /// records this node's position, then deletes the entries every node that reported within
    /// <paramref name="horizon"/> has applied. Returns the entries deleted.
    /// </summary>
    public async Task<int> PruneAsync(TimeSpan horizon, CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        await using var connection = await record.OpenAsync(ct);
        _reported = null;
        await ReportPositionAsync(connection, ct);
        return await record.PruneAsync(connection, horizon, DateTimeOffset.UtcNow, ct);
    }

    /// <summary>
    /// Records how far this node's index could resume from (the lower of the live index's last commit
    /// and a build under way), when it moved or a minute has passed (a heartbeat: a node that stops
    /// reporting is forgotten after the horizon).
    /// </summary>
    private async Task ReportPositionAsync(DbConnection connection, CancellationToken ct)
    {
        ChangeMark position;
        await _lock.WaitAsync(ct);
        try
        {
            position = Current.Position;
            if (_next is { } next && record.Behind(next.Position, position))
            {
                position = next.Position;
            }
        }
        finally
        {
            _lock.Release();
        }

        if (position == _reported && Environment.TickCount64 - _reportedAt < 60_000)
        {
            return;
        }

        await record.RecordPositionAsync(connection, _nodeKey!, position, DateTimeOffset.UtcNow, ct);
        (_reported, _reportedAt) = (position, Environment.TickCount64);
    }

    /// <summary>
    /// Builds a new index from the rows in a folder beside the live one, which answers meanwhile,
    /// brings it up to the log, and swaps it in. Returns the documents built.
    /// </summary>
    public async Task<long> RebuildAsync(CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        await _rebuilding.WaitAsync(linked.Token);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await RebuildBesideAsync(linked.Token);
        }
        finally
        {
            _rebuilding.Release();
        }
    }

    private async Task<long> RebuildBesideAsync(CancellationToken ct)
    {
        await using var connection = await record.OpenAsync(ct);
        var wanted = await record.StateAsync(connection, GenerationState, ct) ?? "";
        var next = await IndexGeneration.CreateAsync(NextFolder(), record, Current.DatabaseId, wanted, connection, ct);
        await _lock.WaitAsync(ct);
        _next = next;
        _lock.Release();
        try
        {
            await ReportPositionAsync(connection, ct);
            while (next.Building)
            {
                await next.StepAsync(connection, 5000, ct);
            }

            IndexGeneration old;
            await _lock.WaitAsync(ct);
            try
            {
                while ((await next.StepAsync(connection, 5000, ct)).More)
                {
                }

                next.Commit();
                next.Searchers.MaybeRefreshBlocking();
                old = Current;
                _current = next;
                _next = null;
                _stale = false;
            }
            finally
            {
                _lock.Release();
            }

            logger.LogInformation("Search index rebuilt beside the live one ({Documents} documents) and swapped in: {Folder}", next.BuiltDocuments, next.Path);
            old.Dispose();
            TryDelete(old.Path);
            return next.BuiltDocuments;
        }
        catch
        {
            if (!ReferenceEquals(_current, next))
            {
                _next = null;
                next.Dispose();
                TryDelete(next.Path);
            }

            throw;
        }
    }

    public async Task<IndexState> DescribeAsync(CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        var generation = Current;
        var searcher = generation.Searchers.Acquire();
        try
        {
            await using var connection = await record.OpenAsync(ct);
            var lag = generation.Building ? 0 : await record.LagAsync(connection, generation.Mark, ct);
            var bytes = new DirectoryInfo(generation.Path).EnumerateFiles().Sum(f => f.Length);
            return new IndexState(searcher.IndexReader.NumDocs, searcher.IndexReader.Leaves.Count, bytes, lag + generation.Pending, generation.Building, generation.BuiltDocuments, generation.Path);
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
    }

    /// <summary>One round of catching up: returns whether more is left. <paramref name="refresh"/>: the searchers show what it wrote.</summary>
    private async Task<bool> CatchUpAsync(int maxDocuments, bool refresh, CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        await _lock.WaitAsync(ct);
        try
        {
            await using var connection = await record.OpenAsync(ct);
            var (written, more) = await Current.StepAsync(connection, maxDocuments, ct);
            _stale |= written > 0;
            if (refresh)
            {
                Refresh();
            }

            return more;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Opens searchers on what was written, when anything was (under the lock).</summary>
    private void Refresh()
    {
        if (_stale)
        {
            Current.Searchers.MaybeRefreshBlocking();
            _stale = false;
        }
    }

    private async Task EnsureOpenAsync(CancellationToken ct)
    {
        if (_current is not null)
        {
            return;
        }

        await _lock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is not null)
            {
                return;
            }

            await using var connection = await record.OpenAsync(ct);
            var databaseId = await record.StateOrSetAsync(connection, DatabaseIdState, Guid.NewGuid().ToString("N"), ct);
            var wanted = await record.StateAsync(connection, GenerationState, ct) ?? "";
            TakeSlot();
            var pruned = await record.PrunedAsync(connection, ct);
            IndexGeneration? opened = null;
            foreach (var folder in Generations().OrderByDescending(f => f, StringComparer.Ordinal))
            {
                if (opened is null)
                {
                    try
                    {
                        opened = IndexGeneration.Open(folder, record, databaseId);
                    }
                    catch (Exception e) when (e is IOException or global::Lucene.Net.Index.CorruptIndexException)
                    {
                        logger.LogWarning(e, "Search index in {Folder} could not be opened; it is built again", folder);
                    }

                    if (opened is not null && record.Behind(opened.Mark, pruned))
                    {
                        // Down for longer than the horizon: the log no longer holds what it missed.
                        logger.LogWarning("The search change log was pruned beyond the index in {Folder} ({Mark}); it is built again", folder, opened.Mark);
                        opened.Dispose();
                        opened = null;
                    }

                    if (opened is not null)
                    {
                        continue;
                    }
                }

                TryDelete(folder); // an older generation, an unfinished build, or another database's index
            }

            _current = opened ?? await IndexGeneration.CreateAsync(NextFolder(), record, databaseId, wanted, connection, ct);
            logger.LogInformation("Search index {Folder}: {State}", _current.Path, opened is null ? "new, built from the database" : $"following the log from {_current.Mark}");
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The first node folder no other process or host holds (a lock file held open for the host's life).</summary>
    private void TakeSlot()
    {
        var root = options.Value.IndexPath is { Length: > 0 } configured ? Path.GetFullPath(configured, paths.AppData) : paths.Combine("search");
        for (var n = 1; ; n++)
        {
            var slot = Path.Combine(root, "node-" + n.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(slot);
            try
            {
                _slotLock = new FileStream(Path.Combine(slot, "node.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                _slot = slot;
                _nodeKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Environment.MachineName + "|" + slot)))[..24];
                return;
            }
            catch (IOException) when (n < 64)
            {
            }
        }
    }

    private IEnumerable<string> Generations() => Directory.EnumerateDirectories(_slot!, "g*");

    private string NextFolder()
    {
        var last = Generations().Select(f => long.TryParse(Path.GetFileName(f)[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return Path.Combine(_slot!, "g" + (last + 1).ToString("D6", CultureInfo.InvariantCulture));
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the old search index folder {Folder}", folder);
        }
    }

    /// <summary>
    /// Stops this node's index for good, when the host stops: a rebuild under way is cancelled (its
    /// folder removed), the work in hand finishes, what was applied is committed with its mark, and
    /// the writer and the node's folder are released, all before this returns. Once only: later
    /// calls, and <see cref="Dispose"/>, wait for the same stop.
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_shutdownGate)
        {
            return _shutdown ??= ShutdownCoreAsync();
        }
    }

    private async Task ShutdownCoreAsync()
    {
        _disposed = true;
        await _stopping.CancelAsync();
        await _rebuilding.WaitAsync();
        await _lock.WaitAsync();
        try
        {
            if (_current is not null)
            {
                try
                {
                    _current.Commit();
                }
                finally
                {
                    _current.Dispose();
                    _current = null;
                }
            }

            _slotLock?.Dispose();
            _slotLock = null;
        }
        finally
        {
            _lock.Release();
            _rebuilding.Release();
        }
    }

    public void Dispose() => ShutdownAsync().GetAwaiter().GetResult();
}
