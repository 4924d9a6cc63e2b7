using System.Data.Common;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// One index folder with its writer and searchers, and how far it has followed the database: either
/// still being built from the rows (in id order, from the mark the build started at), or following
/// the change log. The caller serializes every method (the host's lock).
/// </summary>
public sealed class IndexGeneration : IDisposable
{
    public const string DatabaseKey = "database";
    public const string MarkKey = "mark";
    public const string GenerationKey = "generation";
    public const string FormatKey = "format";
    private const int BuildBatch = 500;

    /// <summary>The writer takes documents from several threads at once; analysis is most of indexing's time.</summary>
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };

    private readonly SearchRecord _record;
    private readonly LuceneDirectory _directory;
    private long? _buildCursor;
    private ChangeMark _buildMark;
    private readonly Queue<long> _pending = new();
    private ChangeMark _pendingMark;
    private HashSet<long> _pendingSeen = [];
    private HashSet<long> _seen = [];
    private long _lastCommit = Environment.TickCount64;

    private IndexGeneration(string path, SearchRecord record, string databaseId, string databaseGeneration, bool create)
    {
        Path = path;
        _record = record;
        DatabaseId = databaseId;
        DatabaseGeneration = databaseGeneration;
        _directory = new MergeReadingDirectory(new DirectoryInfo(path));
        var config = new IndexWriterConfig(HubAnalyzer.Version, new HubAnalyzer())
        {
            OpenMode = create ? OpenMode.CREATE : OpenMode.APPEND,
            Similarity = new BM25Similarity(),
            // The writer's buffer before it writes a segment. The follower refreshes every second, so
            // while it keeps up the buffer stays small; a long catch-up or a rebuild fills it, and with
            // 32 MB (two threads' buffers, then their flush) that was the node's peak memory at 100,000
            // documents (515 MB after a bulk load the follower was 20 s behind).
            RAMBufferSizeMB = 16,
        };
        Writer = new IndexWriter(_directory, config);
        Searchers = new SearcherManager(Writer, true, new Bm25SearcherFactory());
    }

    public string Path { get; }

    public string DatabaseId { get; }

    /// <summary>The database's rebuild generation this index was built for (SearchState "Generation").</summary>
    public string DatabaseGeneration { get; }

    public IndexWriter Writer { get; }

    public SearcherManager Searchers { get; }

    public ChangeMark Mark { get; private set; }

    /// <summary>
    /// The mark this folder can resume from after a crash: the last commit's, or while being built
    /// the mark the build started at (the log must be kept from there).
    /// </summary>
    public ChangeMark Position => Building ? _buildMark : _committedMark;

    private ChangeMark _committedMark;

    public bool Building => _buildCursor is not null;

    /// <summary>Documents still to apply from the last read of the log.</summary>
    public int Pending => _pending.Count;

    public long BuiltDocuments { get; private set; }

    /// <summary>Opens the committed index in <paramref name="path"/>, or null when it has none for this database.</summary>
    public static IndexGeneration? Open(string path, SearchRecord record, string databaseId)
    {
        using (var probe = FSDirectory.Open(new DirectoryInfo(path)))
        {
            if (!DirectoryReader.IndexExists(probe))
            {
                return null;
            }

            var commits = DirectoryReader.ListCommits(probe);
            var data = commits[^1].UserData;
            if (!data.TryGetValue(DatabaseKey, out var id) || id != databaseId || !data.TryGetValue(FormatKey, out var format) || format != IndexFields.Format || !data.TryGetValue(MarkKey, out var markText) || ChangeMark.Parse(markText) is not { } mark)
            {
                return null;
            }

            return new IndexGeneration(path, record, databaseId, data.TryGetValue(GenerationKey, out var g) ? g : "", create: false) { Mark = mark, _committedMark = mark };
        }
    }

    /// <summary>A new, empty index in <paramref name="path"/>, to be built from the rows.</summary>
    public static async Task<IndexGeneration> CreateAsync(string path, SearchRecord record, string databaseId, string databaseGeneration, DbConnection connection, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(path);
        var generation = new IndexGeneration(path, record, databaseId, databaseGeneration, create: true)
        {
            // Rows are read after this mark is taken, so they hold every change up to it; the log is followed from it.
            _buildMark = await record.CurrentMarkAsync(connection, ct),
            _buildCursor = 0,
        };
        return generation;
    }

    /// <summary>
    /// One step: a batch of the build, or up to <paramref name="maxDocuments"/> documents from the log
    /// (reading the log when nothing is pending). Returns how many documents it wrote and whether work remains.
    /// </summary>
    public async Task<(int Written, bool More)> StepAsync(DbConnection connection, int maxDocuments, CancellationToken ct)
    {
        if (_buildCursor is { } cursor)
        {
            var rows = await _record.RowsAfterAsync(connection, cursor, Math.Min(BuildBatch, maxDocuments), ct);
            Parallel.ForEach(rows, Parallelism, row => Writer.AddDocument(IndexFields.Build(row)));

            BuiltDocuments += rows.Count;
            if (rows.Count < Math.Min(BuildBatch, maxDocuments))
            {
                _buildCursor = null;
                Mark = _buildMark;
                Commit();
                return (rows.Count, true); // the log since the build's mark is next
            }

            _buildCursor = rows[^1].Id;
            return (rows.Count, true);
        }

        if (_pending.Count == 0)
        {
            var (entries, next) = await _record.ChangesAsync(connection, Mark, ct);
            var queued = new HashSet<long>();
            foreach (var (seq, documentId) in entries)
            {
                if (!_seen.Contains(seq) && queued.Add(documentId))
                {
                    _pending.Enqueue(documentId);
                }
            }

            _pendingMark = next;
            // On PostgreSQL entries are read again until the mark passes their transaction: remember which were applied.
            _pendingSeen = _record.IsPostgres ? entries.Select(e => e.Seq).ToHashSet() : [];
            if (_pending.Count == 0)
            {
                Advance();
                return (0, false);
            }
        }

        var ids = new List<long>();
        while (ids.Count < maxDocuments && _pending.TryDequeue(out var id))
        {
            ids.Add(id);
        }

        // Rows are read a build batch at a time: a catch-up of thousands of documents never holds all
        // their text at once (5,000 rows read together were the process's peak memory while indexing).
        foreach (var chunk in ids.Chunk(BuildBatch))
        {
            var found = (await _record.RowsAsync(connection, chunk, ct)).ToDictionary(r => r.Id);
            // The ids are distinct, so their order does not matter: analysed on every core.
            Parallel.ForEach(chunk, Parallelism, id =>
            {
                var term = new Term(IndexFields.Id, IndexFields.IdTerm(id));
                if (found.TryGetValue(id, out var row))
                {
                    Writer.UpdateDocument(term, IndexFields.Build(row));
                }
                else
                {
                    Writer.DeleteDocuments(term);
                }
            });
        }

        Dirty = true;
        if (_pending.Count == 0)
        {
            Advance();
        }

        return (ids.Count, _pending.Count > 0);
    }

    private void Advance()
    {
        if (Mark != _pendingMark)
        {
            Mark = _pendingMark;
            Dirty = true;
        }

        _seen = _pendingSeen;
    }

    /// <summary>Whether the writer holds changes not yet committed (or a mark not yet recorded).</summary>
    public bool Dirty { get; private set; }

    /// <summary>Commits when there is something to commit and <paramref name="everyMilliseconds"/> have passed since the last commit.</summary>
    public void CommitIfDue(int everyMilliseconds)
    {
        if (Dirty && !Building && Environment.TickCount64 - _lastCommit >= everyMilliseconds)
        {
            Commit();
        }
    }

    /// <summary>Makes what was applied durable, with the mark it reached: after a crash the log is followed again from there.</summary>
    public void Commit()
    {
        if (Building)
        {
            return;
        }

        Writer.SetCommitData(new Dictionary<string, string>
        {
            [DatabaseKey] = DatabaseId,
            [MarkKey] = Mark.ToString(),
            [GenerationKey] = DatabaseGeneration,
            [FormatKey] = IndexFields.Format,
        });
        Writer.Commit();
        _committedMark = Mark;
        Dirty = false;
        _lastCommit = Environment.TickCount64;
    }

    /// <summary>Closes the folder without waiting for background merges (they are done again later): a node stops at once.</summary>
    public void Dispose()
    {
        Searchers.Dispose();
        Writer.Dispose(waitForMerges: false);
        _directory.Dispose();
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
