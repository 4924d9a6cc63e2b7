using System.Buffers;
using System.Numerics;
using ResearchHub.Core.Search;
using ResearchHub.Search.Services.Analysis;

namespace ResearchHub.Search.Services.Memory;

/// <summary>What a search asks the in-memory index to match: terms, FTS5's answer for a phrase, and all/any of those.</summary>
internal abstract record MemoryNode;

internal sealed record MemoryTerm(string Term) : MemoryNode;

/// <summary>The documents FTS5 found for something the postings cannot answer alone (a phrase needs word positions).</summary>
internal sealed record MemorySet(IReadOnlyCollection<long> Ids) : MemoryNode;

internal sealed record MemoryAll(IReadOnlyList<MemoryNode> Required, IReadOnlyList<MemoryNode> Excluded) : MemoryNode;

internal sealed record MemoryAny(IReadOnlyList<MemoryNode> Alternatives) : MemoryNode;

/// <param name="Match">What must match; null lists every document (filters only).</param>
/// <param name="Scored">The terms bm25 scores (a term given twice counts twice).</param>
/// <param name="FacetKeys">Facet values every result must carry (as <see cref="SqlSearchIndex.FacetKey"/>).</param>
internal sealed record MemoryQuery(
    MemoryNode? Match,
    IReadOnlyList<string> Scored,
    SearchViewer Viewer,
    IReadOnlyList<long> FacetKeys,
    int? YearFrom,
    int? YearTo,
    bool ByDate);

/// <summary>
/// Postings for every indexed term, with each document's visibility columns and facet values, held in
/// memory so that a search scores, counts and facets its matches without scoring every match in
/// FTS5 (which costs most of a search at 100,000 documents). It is a copy: the index tables stay the
/// record, and <see cref="MemoryIndexHost"/> brings this copy up to date from their change log before
/// it answers. Documents are numbered densely in the order they arrive; a changed document gets a new
/// number and its old one is marked dead until the next compaction (a rebuild of this copy).
/// <para>Searches read under a shared lock; applying changes takes it alone, for as long as it takes to append them.</para>
/// </summary>
internal sealed class MemoryIndex
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _numbers = [];
    private readonly Dictionary<string, Postings> _terms = new(StringComparer.Ordinal);

    /// <summary>Each word seen (lower-cased, unstemmed) to its stem's postings (by number in <see cref="_postings"/>), or -1 for a common word: a word is stemmed once.</summary>
    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    private const int MaxWords = 2_000_000;

    private readonly List<Postings> _postings = [];

    /// <summary>The postings a batch adds (postings number, document, frequency), written out grouped by term.</summary>
    private readonly List<(int Postings, int Document, int Frequency)> _pending = [];
    private (int Postings, int Document, int Frequency)[] _ordered = [];

    /// <summary>The most pending postings whose buffers are kept between batches (a build's batch needs about 500,000).</summary>
    private const int MaxKeptPending = 2_000_000;
    private int[] _starts = [];
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _facetNumbers = [];
    private readonly List<long> _facetKeys = [];

    private long[] _ids = new long[256];
    private byte[] _visibility = new byte[256];
    private long[] _owner = new long[256];
    private int[] _creator = new int[256];
    private int[] _audience = new int[256];
    private int[] _year = new int[256];
    private long[] _date = new long[256];
    private int[][] _facets = new int[256][];
    private int[] _length = new int[256];
    private ulong[] _live = new ulong[4];
    private int _count;
    private int _liveCount;
    private long _liveLength;

    /// <summary>The last change-log entry this copy holds.</summary>
    public long AppliedSeq { get; private set; }

    public int Documents => _liveCount;

    public int Terms => _terms.Count;

    /// <summary>Documents replaced or removed whose postings remain until the copy is rebuilt.</summary>
    public int Dead => _count - _liveCount;

    /// <summary>Takes in new and changed documents and drops removed ones, then records the log entry reached.</summary>
    public void Apply(IReadOnlyList<MemoryDocument> documents, IEnumerable<long> removed, long seq)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in removed)
            {
                Kill(id);
            }

            foreach (var document in documents)
            {
                Add(document);
            }

            WritePending();
            AppliedSeq = Math.Max(AppliedSeq, seq);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Kill(long id)
    {
        if (_numbers.Remove(id, out var number))
        {
            _live[number >> 6] &= ~(1UL << number);
            _liveCount--;
            _liveLength -= _length[number];
        }
    }

    private void Add(MemoryDocument document)
    {
        Kill(document.Id);
        if (_count == _ids.Length)
        {
            var size = _ids.Length * 2;
            Array.Resize(ref _ids, size);
            Array.Resize(ref _visibility, size);
            Array.Resize(ref _owner, size);
            Array.Resize(ref _creator, size);
            Array.Resize(ref _audience, size);
            Array.Resize(ref _year, size);
            Array.Resize(ref _date, size);
            Array.Resize(ref _facets, size);
            Array.Resize(ref _length, size);
        }

        if ((_count >> 6) >= _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }

        var n = _count++;
        _ids[n] = document.Id;
        _visibility[n] = (byte)document.Visibility;
        _owner[n] = document.OwnerOrganisationId ?? long.MinValue;
        _creator[n] = Name(document.CreatorUserId);
        _audience[n] = Name(document.Audience);
        _year[n] = document.Year ?? int.MinValue;
        _date[n] = document.Date ?? long.MinValue;
        _length[n] = document.Length;
        var facets = new int[document.FacetKeys.Length];
        for (var i = 0; i < facets.Length; i++)
        {
            if (!_facetNumbers.TryGetValue(document.FacetKeys[i], out var f))
            {
                f = _facetKeys.Count;
                _facetNumbers[document.FacetKeys[i]] = f;
                _facetKeys.Add(document.FacetKeys[i]);
            }

            facets[i] = f;
        }

        _facets[n] = facets;
        _live[n >> 6] |= 1UL << n;
        _liveCount++;
        _liveLength += document.Length;
        _numbers[document.Id] = n;
        foreach (var (word, frequency) in document.Words)
        {
            if (!_words.TryGetValue(word, out var postings))
            {
                postings = PostingsOf(TextAnalyzer.Term(word));
                if (_words.Count < MaxWords)
                {
                    _words[word] = postings;
                }
            }

            if (postings >= 0)
            {
                _pending.Add((postings, n, frequency));
            }
        }
    }

    /// <summary>The number of a term's postings (made on first sight), or -1 for a common term, which has none.</summary>
    private int PostingsOf(string term)
    {
        if (MemoryDocument.IsCommon(term))
        {
            return -1;
        }

        if (!_terms.TryGetValue(term, out var postings))
        {
            postings = new Postings(_postings.Count);
            _terms[term] = postings;
            _postings.Add(postings);
        }

        return postings.Number;
    }

    /// <summary>
    /// Appends the batch's postings term by term (a stable counting sort keeps each term's documents in
    /// order): appending document by document would jump between thousands of terms' buffers for every
    /// document, and those jumps, not the writing, cost most of building a copy.
    /// </summary>
    private void WritePending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (_starts.Length < _postings.Count + 1)
        {
            _starts = new int[Math.Max(_postings.Count + 1, _starts.Length * 2)];
        }

        if (_ordered.Length < _pending.Count)
        {
            _ordered = new (int, int, int)[Math.Max(_pending.Count, _ordered.Length * 2)];
        }

        // Buffers kept between batches: at a build's batch size they are large, and large arrays are costly to collect.
        var starts = _starts;
        Array.Clear(starts, 0, _postings.Count + 1);
        foreach (var pending in _pending)
        {
            starts[pending.Postings + 1]++;
        }

        for (var i = 1; i <= _postings.Count; i++)
        {
            starts[i] += starts[i - 1];
        }

        var ordered = _ordered;
        foreach (var pending in _pending)
        {
            ordered[starts[pending.Postings]++] = pending;
        }

        var count = _pending.Count;
        _pending.Clear();
        if (_pending.Capacity > MaxKeptPending)
        {
            _pending.Capacity = 0; // an unusually large batch: its buffers are not kept
        }

        Postings? current = null;
        foreach (var (number, document, frequency) in ordered.AsSpan(0, count))
        {
            if (current?.Number != number)
            {
                current = _postings[number];
            }

            current.Add(document, frequency);
        }

        if (_ordered.Length > MaxKeptPending)
        {
            _ordered = [];
        }
    }

    private int Name(string? name)
    {
        if (name is null)
        {
            return -1;
        }

        if (!_names.TryGetValue(name, out var number))
        {
            number = _names.Count;
            _names[name] = number;
        }

        return number;
    }

    /// <summary>
    /// The best <paramref name="limit"/> visible matches (by bm25 as FTS5 computes it, or newest first),
    /// how many match in all, and how many matches carry each facet value (by facet key).
    /// </summary>
    public (List<Candidate> Top, int Total, Dictionary<long, int> FacetCounts) Search(MemoryQuery query, int limit)
    {
        _lock.EnterReadLock();
        try
        {
            return Run(query, limit);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>bm25 of each given document for the given terms (a term given twice counts twice), as <see cref="Search"/> scores.</summary>
    public Dictionary<long, double> Score(IReadOnlyList<string> terms, IReadOnlyCollection<long> ids)
    {
        _lock.EnterReadLock();
        try
        {
            var scores = new Dictionary<long, double>();
            var wanted = Numbers(ids);
            if (wanted.Count == 0)
            {
                return scores;
            }

            var average = AverageLength;
            foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
            {
                if (!_terms.TryGetValue(group.Key, out var postings))
                {
                    continue;
                }

                var idf = Idf(postings) * group.Count();
                var reader = postings.Read();
                while (reader.Next())
                {
                    if (wanted.Contains(reader.Document))
                    {
                        var id = _ids[reader.Document];
                        scores[id] = scores.GetValueOrDefault(id) + idf * Saturation(reader.Frequency, reader.Document, average);
                    }
                }
            }

            return scores;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The given documents that hold <paramref name="term"/>.</summary>
    public HashSet<long> Containing(string term, IReadOnlyCollection<long> ids)
    {
        _lock.EnterReadLock();
        try
        {
            var found = new HashSet<long>();
            var wanted = Numbers(ids);
            if (wanted.Count > 0 && _terms.TryGetValue(term, out var postings))
            {
                var reader = postings.Read();
                while (reader.Next())
                {
                    if (wanted.Contains(reader.Document))
                    {
                        found.Add(_ids[reader.Document]);
                    }
                }
            }

            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private HashSet<int> Numbers(IReadOnlyCollection<long> ids)
    {
        var numbers = new HashSet<int>();
        foreach (var id in ids)
        {
            if (_numbers.TryGetValue(id, out var n))
            {
                numbers.Add(n);
            }
        }

        return numbers;
    }

    private double AverageLength => Math.Max(1.0, _liveLength / (double)Math.Max(1, _liveCount));

    /// <summary>A term's idf (<see cref="Bm25.Idf"/>); its count includes dead postings until the next compaction, so it is capped at the live count.</summary>
    private double Idf(Postings postings) => Bm25.Idf(_liveCount, Math.Min(postings.Count, _liveCount));

    /// <summary>bm25's term weight for a doubled column-weighted frequency (<see cref="MemoryDocument"/>) and the document's length.</summary>
    private double Saturation(int halfFrequency, int document, double average) => Bm25.Saturation(halfFrequency / 2.0, _length[document], average);

    private (List<Candidate> Top, int Total, Dictionary<long, int> FacetCounts) Run(MemoryQuery query, int limit)
    {
        var words = (_count + 63) >> 6;
        var matches = query.Match is null ? (ulong[])_live.Clone() : Evaluate(query.Match, words);
        for (var w = 0; w < words; w++)
        {
            matches[w] &= _live[w];
        }

        var scores = ArrayPool<double>.Shared.Rent(Math.Max(1, _count));
        var counts = ArrayPool<int>.Shared.Rent(Math.Max(1, _facetKeys.Count));
        try
        {
            Array.Clear(counts, 0, _facetKeys.Count);
            var scored = !query.ByDate && query.Scored.Count > 0;
            if (scored)
            {
                Array.Clear(scores, 0, _count);
                var average = AverageLength;
                foreach (var term in query.Scored)
                {
                    if (!_terms.TryGetValue(term, out var postings))
                    {
                        continue;
                    }

                    var idf = Idf(postings);
                    var reader = postings.Read();
                    while (reader.Next())
                    {
                        var d = reader.Document;
                        if ((matches[d >> 6] & (1UL << d)) != 0)
                        {
                            scores[d] += idf * Saturation(reader.Frequency, d, average);
                        }
                    }
                }
            }

            var access = new Access(this, query.Viewer);
            var filters = query.FacetKeys.Select(k => _facetNumbers.TryGetValue(k, out var f) ? f : -1).ToArray();
            if (filters.Contains(-1))
            {
                return ([], 0, []);
            }

            // The worst of the best so far on top: lower score (or older), then the later id for equal scores.
            var best = new PriorityQueue<int, (double Key, long Tie)>(limit + 1);
            var total = 0;
            for (var w = 0; w < words; w++)
            {
                var bits = matches[w];
                while (bits != 0)
                {
                    var d = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (!access.Allows(d) || !Passes(d, filters, query))
                    {
                        continue;
                    }

                    total++;
                    foreach (var f in _facets[d])
                    {
                        counts[f]++;
                    }

                    if (limit <= 0)
                    {
                        continue;
                    }

                    // Relevance: ties go to the lower id (the engine's order); by date: newest, then the higher id.
                    var key = scored ? (scores[d], -_ids[d]) : ((double)_date[d], _ids[d]);
                    if (best.Count < limit)
                    {
                        best.Enqueue(d, key);
                    }
                    else
                    {
                        best.TryPeek(out _, out var worst);
                        if (key.CompareTo(worst) > 0)
                        {
                            best.DequeueEnqueue(d, key);
                        }
                    }
                }
            }

            var top = new List<Candidate>(best.Count);
            while (best.TryDequeue(out var d, out _))
            {
                top.Add(new Candidate(_ids[d], scored ? scores[d] : 0));
            }

            top.Reverse();
            var facetCounts = new Dictionary<long, int>();
            for (var f = 0; f < _facetKeys.Count; f++)
            {
                if (counts[f] > 0)
                {
                    facetCounts[_facetKeys[f]] = counts[f];
                }
            }

            return (top, total, facetCounts);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private bool Passes(int d, int[] filters, MemoryQuery query)
    {
        foreach (var filter in filters)
        {
            if (Array.IndexOf(_facets[d], filter) < 0)
            {
                return false;
            }
        }

        var year = _year[d];
        return (query.YearFrom is not { } from || (year != int.MinValue && year >= from))
            && (query.YearTo is not { } to || (year != int.MinValue && year <= to));
    }

    /// <summary>The documents (as a bit per number) that match a node, dead ones included.</summary>
    private ulong[] Evaluate(MemoryNode node, int words)
    {
        switch (node)
        {
            case MemoryTerm term:
            {
                var bits = new ulong[words];
                if (_terms.TryGetValue(term.Term, out var postings))
                {
                    var reader = postings.Read();
                    while (reader.Next())
                    {
                        bits[reader.Document >> 6] |= 1UL << reader.Document;
                    }
                }

                return bits;
            }

            case MemorySet set:
            {
                var bits = new ulong[words];
                foreach (var id in set.Ids)
                {
                    if (_numbers.TryGetValue(id, out var n))
                    {
                        bits[n >> 6] |= 1UL << n;
                    }
                }

                return bits;
            }

            case MemoryAny any:
            {
                var bits = new ulong[words];
                foreach (var alternative in any.Alternatives)
                {
                    var other = Evaluate(alternative, words);
                    for (var w = 0; w < words; w++)
                    {
                        bits[w] |= other[w];
                    }
                }

                return bits;
            }

            case MemoryAll all:
            {
                ulong[]? bits = null;
                foreach (var required in all.Required)
                {
                    var other = Evaluate(required, words);
                    if (bits is null)
                    {
                        bits = other;
                        continue;
                    }

                    for (var w = 0; w < words; w++)
                    {
                        bits[w] &= other[w];
                    }
                }

                bits ??= new ulong[words];
                foreach (var excluded in all.Excluded)
                {
                    var other = Evaluate(excluded, words);
                    for (var w = 0; w < words; w++)
                    {
                        bits[w] &= ~other[w];
                    }
                }

                return bits;
            }

            default:
                throw new ArgumentException($"Unknown node {node.GetType().Name}.", nameof(node));
        }
    }

    /// <summary>The visibility rule (<see cref="SqlSearchIndex"/>'s AccessAndFilters) for one viewer, on this copy's columns.</summary>
    private readonly struct Access
    {
        private readonly MemoryIndex _index;
        private readonly SearchViewer _viewer;
        private readonly HashSet<int> _audiences;
        private readonly long _organisation;
        private readonly int _user;

        public Access(MemoryIndex index, SearchViewer viewer)
        {
            _index = index;
            _viewer = viewer;
            _audiences = viewer.SignedIn
                ? viewer.Audiences.Take(1000).Select(a => index._names.TryGetValue(a, out var n) ? n : -2).ToHashSet()
                : [];
            _organisation = viewer.OrganisationId ?? -1;
            _user = viewer.UserId is { } user && index._names.TryGetValue(user, out var u) ? u : -2;
        }

        public bool Allows(int d)
        {
            if (_viewer.IsAdmin)
            {
                return true;
            }

            var audience = _index._audience[d];
            if (audience != -1 && !_audiences.Contains(audience))
            {
                return false;
            }

            var visibility = (SearchVisibility)_index._visibility[d];
            if (!_viewer.SignedIn)
            {
                return visibility == SearchVisibility.Public;
            }

            return visibility >= SearchVisibility.Network
                || (visibility == SearchVisibility.Organisation && _index._owner[d] == _organisation)
                || (visibility == SearchVisibility.Draft && (_index._creator[d] == _user || (_viewer.IsEditor && _index._owner[d] == _organisation)));
        }
    }
}
