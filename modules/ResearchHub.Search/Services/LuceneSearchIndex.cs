using System.Data.Common;
using System.Globalization;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services.Lucene;
using LuceneQuery = Lucene.Net.Search.Query;

namespace ResearchHub.Search.Services;

/// <summary>
/// Search on Lucene.Net. Writes go to the record (SearchDocuments and SearchFacets) on the scoped
/// context's connection and transaction, so they commit or roll back with the data they describe;
/// a trigger appends each write to the change log, which this node's index (<see cref="LuceneIndexHost"/>)
/// follows. Searches run on the index: BM25 over the text with the title weighted again, visibility
/// and filters inside the query, every match counted with its facets in the same pass, and for
/// descriptive queries a second retrieval expanded by pseudo-relevance feedback (RM3).
/// </summary>
public sealed class LuceneSearchIndex(HubDbContext db, LuceneIndexHost host, SearchWriteInterceptor writes, IOptions<SearchOptions> options) : ISearchIndex
{
    /// <summary>Marks a matched word in a snippet; stripped from indexed text so a document cannot forge one.</summary>
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';

    /// <summary>The text one document may carry per field; the rest adds little to finding it.</summary>
    private const int MaxFieldChars = 200_000;

    /// <summary>How much of a hit's text a snippet is looked for in.</summary>
    private const int SnippetChars = 10_000;

    /// <summary>
    /// How much of it is analysed for the snippet: a window from a little before the first place a
    /// query word appears (analysing all of it for every hit was most of a search's time).
    /// </summary>
    private const int SnippetWindow = 700;

    private static readonly HubAnalyzer Analyzer = new();

    /// <summary>The words as typed (did-you-mean); an analyser reuses its components per thread, so one serves every search.</summary>
    private static readonly HubAnalyzer Unstemmed = new() { Stem = false };

    private QueryCompiler Compiler => new(Analyzer, options.Value.TitleBoost);

    public async Task UpsertAsync(SearchDocument document, DateTimeOffset indexedAt, CancellationToken ct)
    {
        var facetValues = new List<(string Facet, string Value, string Key)>();
        var seen = new HashSet<(string, string)>();
        foreach (var (facet, value) in Facets(document))
        {
            var trimmed = value.Trim();
            var key = trimmed.ToLowerInvariant();
            if (trimmed.Length > 0 && trimmed.Length <= 300 && seen.Add((facet, key)))
            {
                facetValues.Add((facet, trimmed, key));
            }
        }

        var row = new List<(string Column, object? Value)>
        {
            ("Type", document.Type), ("Key", document.Key), ("Title", Clean(document.Title)), ("Summary", Clean(document.Summary)), ("Body", Clean(document.Body)),
            ("FileText", Clean(document.FileText)), ("Extra", Clean(document.Extra)), ("Url", document.Url), ("Kind", document.Kind), ("Year", document.Year),
            ("Date", document.Date?.ToUnixTimeSeconds()), ("Visibility", (int)document.Visibility), ("OwnerOrganisationId", document.OwnerOrganisationId),
            ("CreatorUserId", document.CreatorUserId), ("Audience", document.Audience), ("IndexedAt", indexedAt.ToUnixTimeMilliseconds()),
        };
        var write = new HeldWrite(document.Type, document.Key, row, facetValues);

        // On PostgreSQL, in a transaction begun through the context, writes are held and sent a batch at
        // a time (and before its commit or next savepoint: see SearchWriteInterceptor); otherwise at once.
        // SQLite has no round trip to save, and there holding made the record writes twice as slow.
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (transaction is null || !writes.Holds(transaction) || !db.Database.IsNpgsql())
        {
            await FlushAsync(ct);
            await WriteAsync([write], ct);
            return;
        }

        if (!ReferenceEquals(transaction, _heldIn))
        {
            await FlushAsync(ct); // drops what an ended transaction left
            _heldIn = transaction;
            writes.Register(db, this);
        }

        if (_held.Any(h => h.Type == write.Type && h.Key == write.Key))
        {
            await FlushAsync(ct); // one statement upserts a row once: the earlier write goes first
        }

        _held.Add(write);
        if (_held.Count >= HeldDocuments)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>Writes held for a batch: at most this many documents per command.</summary>
    private const int HeldDocuments = 100;

    private readonly List<HeldWrite> _held = [];
    private DbTransaction? _heldIn;

    private sealed record HeldWrite(string Type, string Key, List<(string Column, object? Value)> Row, List<(string Facet, string Value, string Key)> Facets);

    /// <summary>
    /// Writes what is held for the context's transaction (before it commits, before a savepoint,
    /// before any other write or read of the record here); what an ended transaction left is dropped.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_held.Count == 0)
        {
            return;
        }

        var batch = _held.ToList();
        _held.Clear();
        if (ReferenceEquals(db.Database.CurrentTransaction?.GetDbTransaction(), _heldIn))
        {
            await WriteAsync(batch, ct);
        }
    }

    /// <summary>Drops what is held (its transaction, or the savepoint it was written after, was rolled back).</summary>
    public void Drop() => _held.Clear();

    /// <summary>
    /// One command for a batch: the rows upserted (a row keeps its id when updated), their facet
    /// rows deleted and written again.
    /// </summary>
    private async Task WriteAsync(List<HeldWrite> batch, CancellationToken ct)
    {
        var p = new Parameters();
        var columns = string.Join(", ", batch[0].Row.Select(c => $"\"{c.Column}\""));
        var updates = string.Join(", ", batch[0].Row.Skip(2).Select(c => $"\"{c.Column}\" = excluded.\"{c.Column}\""));
        var keys = new List<(string Type, string Key)>();
        var rows = new List<string>();
        foreach (var write in batch)
        {
            var names = write.Row.Select(c => p.Add(c.Value)).ToList();
            keys.Add((names[0], names[1]));
            rows.Add($"({string.Join(", ", names)})");
        }

        var documents = $"SELECT \"Id\" FROM \"SearchDocuments\" WHERE (\"Type\", \"Key\") IN (SELECT v.column1, v.column2 FROM (VALUES {string.Join(", ", keys.Select(k => $"({k.Type}, {k.Key})"))}) AS v)";
        var sql = $"INSERT INTO \"SearchDocuments\" ({columns}) VALUES {string.Join(", ", rows)} ON CONFLICT (\"Type\", \"Key\") DO UPDATE SET {updates};"
            + $" DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" IN ({documents});";
        var facets = batch.Zip(keys).SelectMany(w => w.First.Facets.Select(v => $"({w.Second.Type}, {w.Second.Key}, {p.Add(v.Facet)}, {p.Add(v.Value)}, {p.Add(v.Key)})")).ToList();
        if (facets.Count > 0)
        {
            sql += " INSERT INTO \"SearchFacets\" (\"DocumentId\", \"Facet\", \"Value\", \"ValueKey\") SELECT d.\"Id\", v.column3, v.column4, v.column5"
                + $" FROM (VALUES {string.Join(", ", facets)}) AS v JOIN \"SearchDocuments\" d ON d.\"Type\" = v.column1 AND d.\"Key\" = v.column2;";
        }

        await ExecuteAsync(sql, p, ct);
    }

    public async Task RemoveAsync(string type, string key, CancellationToken ct)
    {
        await FlushAsync(ct);
        var p = new Parameters();
        var where = $"\"Type\" = {p.Add(type)} AND \"Key\" = {p.Add(key)}";
        await ExecuteAsync($"DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" IN (SELECT \"Id\" FROM \"SearchDocuments\" WHERE {where})", p, ct);
        await ExecuteAsync($"DELETE FROM \"SearchDocuments\" WHERE {where}", p, ct);
    }

    public async Task<int> RemoveStaleAsync(string type, DateTimeOffset since, CancellationToken ct)
    {
        await FlushAsync(ct);
        var p = new Parameters();
        var where = $"\"Type\" = {p.Add(type)} AND \"IndexedAt\" < {p.Add(since.ToUnixTimeMilliseconds())}";
        await ExecuteAsync($"DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" IN (SELECT \"Id\" FROM \"SearchDocuments\" WHERE {where})", p, ct);
        return await ExecuteAsync($"DELETE FROM \"SearchDocuments\" WHERE {where}", p, ct);
    }

    public async Task<IndexMatch> MatchAsync(IndexQuery query, int limit, CancellationToken ct)
    {
        var settings = options.Value;
        var compiler = Compiler;
        var parsed = query.Query;
        var text = compiler.Text(parsed, query.WordsOptional);
        if (parsed.HasText && text is null)
        {
            return new IndexMatch([], 0, []);
        }

        var access = QueryCompiler.Access(query.Viewer);
        // Who may see what and the facet selections are cached bit sets (see RestrictionCache): the text query runs alone over the accepted documents.
        var restriction = host.Restrictions.For(access, QueryCompiler.Filters(parsed));
        var main = text ?? new MatchAllDocsQuery();
        // Multi-select facets: a facet with a selection is counted as if its own selection were removed,
        // so its other values stay offered with the counts they would give.
        var selected = parsed.Filters.Select(f => f.Facet).Distinct(StringComparer.Ordinal).ToList();
        var byDate = query.ByDate || text is null;
        var terms = compiler.Terms(parsed);
        var feedback = !byDate && settings.FeedbackTerms > 0 && settings.FeedbackWeight > 0 && terms.Count >= settings.FeedbackMinWords;
        // With feedback the first retrieval keeps a window of candidates, which the expansion words then re-rank.
        var depth = Math.Max(1, Math.Max(limit, feedback ? Math.Max(settings.FeedbackDocuments, settings.FeedbackCandidates) : 0));

        var (top, total, facets) = await host.SearchAsync(searcher =>
        {
            var counter = new FacetCollector(IndexFields.Facets.Where(f => !selected.Contains(f)).ToList());
            // Both collectors take documents in any order, so a disjunction of words is scored a block at a time.
            ICollector ranked = byDate
                ? TopFieldCollector.Create(new Sort(new SortField(IndexFields.Date, SortFieldType.INT64, true)), depth, false, false, false, false)
                : TopScoreDocCollector.Create(depth, false);
            RestrictionCache.Search(searcher, main, restriction, MultiCollector.Wrap(ranked, counter));
            var counts = counter.Counts().ToList();
            if (counter.Total > 0)
            {
                foreach (var facet in selected)
                {
                    var own = new FacetCollector([facet]);
                    RestrictionCache.Search(searcher, main, host.Restrictions.For(access, QueryCompiler.Filters(parsed, except: facet)), own);
                    counts.AddRange(own.Counts());
                }
            }

            var first = ((TopDocsCollector<ScoreDoc>)ranked).GetTopDocs();
            if (!feedback || counter.Total <= settings.FeedbackDocuments)
            {
                return (Candidates(searcher, first), counter.Total, counts);
            }

            // RM3: the expansion words of the best first results.
            // In a small collection the feedback documents would be a large share of everything (see FeedbackCollectionShare).
            if (settings.FeedbackDocuments > settings.FeedbackCollectionShare * searcher.IndexReader.NumDocs)
            {
                return (Candidates(searcher, first), counter.Total, counts);
            }

            var expansion = Expansion(searcher, first.ScoreDocs.Take(settings.FeedbackDocuments).ToList());
            if (expansion.Count == 0)
            {
                return (Candidates(searcher, first), counter.Total, counts);
            }

            var words = new BooleanQuery();
            var sum = expansion.Sum(e => e.Weight);
            foreach (var (term, weight) in expansion)
            {
                words.Add(new TermQuery(new Term(IndexFields.All, term)) { Boost = (float)(settings.FeedbackWeight * terms.Count * weight / sum) }, Occur.SHOULD);
            }

            // The expanded query (the query weighted 1 - FeedbackWeight, the expansion words the rest)
            // re-ranks the query's best FeedbackCandidates matches (every document it could rank is a
            // match of the query). Scoring every match again was most of a descriptive query's time:
            // the expansion words are common ones, with long postings, read nearly whole.
            var window = Math.Max(settings.FeedbackDocuments, settings.FeedbackCandidates);
            var head = new TopDocs(first.TotalHits, first.ScoreDocs.Take(window).ToArray(), first.MaxScore);
            var rescored = new ExpansionRescorer(words, (float)(1 - settings.FeedbackWeight)).Rescore(searcher, head, window);
            // Beyond the window the query's own order follows.
            var ordered = rescored.ScoreDocs.Concat(first.ScoreDocs.Skip(window)).Take(Math.Max(1, limit)).ToArray();
            return (Candidates(searcher, new TopDocs(first.TotalHits, ordered, first.MaxScore)), counter.Total, counts);
        }, ct);

        return new IndexMatch(top.Take(limit).ToList(), total, total == 0 ? [] : facets);
    }

    /// <summary>
    /// RM3's relevance model over the best first results: each term's weight is its share of each
    /// document's terms, weighted by that document's share of the scores; terms found in only one of
    /// them are left out (that document's topic, not the query's), and numbers too. The terms come
    /// from the index's term vectors of the text, so nothing is read from the database or analysed again.
    /// </summary>
    private List<(string Term, double Weight)> Expansion(IndexSearcher searcher, List<ScoreDoc> top)
    {
        // Keyed by the terms' bytes, copied once per distinct term: decoding every term of every
        // vector to a string was most of the expansion's time.
        var weights = new Dictionary<BytesRef, (double Weight, int Documents)>();
        var total = top.Sum(d => Score(d));
        foreach (var hit in top)
        {
            if (searcher.IndexReader.GetTermVector(hit.Doc, IndexFields.All) is not { } vector)
            {
                continue;
            }

            // Two passes over the vector: the document's length in counted terms, then each term's share of it.
            long length = 0;
            var iterator = vector.GetEnumerator();
            while (iterator.MoveNext())
            {
                if (Expandable(iterator.Term))
                {
                    length += iterator.TotalTermFreq;
                }
            }

            if (length == 0)
            {
                continue;
            }

            var share = Score(hit) / total;
            iterator = vector.GetEnumerator();
            while (iterator.MoveNext())
            {
                var term = iterator.Term;
                if (!Expandable(term))
                {
                    continue;
                }

                var weight = share * iterator.TotalTermFreq / length;
                if (weights.TryGetValue(term, out var known))
                {
                    weights[term] = (known.Weight + weight, known.Documents + 1);
                }
                else
                {
                    weights.Add(BytesRef.DeepCopyOf(term), (weight, 1));
                }
            }
        }

        return weights.Where(w => w.Value.Documents >= 2)
            .Select(w => (Term: w.Key.Utf8ToString(), w.Value.Weight))
            .OrderByDescending(w => w.Weight).ThenBy(w => w.Term, StringComparer.Ordinal)
            .Take(options.Value.FeedbackTerms)
            .ToList();
    }

    /// <summary>Whether a term may be an expansion word: two characters or more, not a number.</summary>
    private static bool Expandable(BytesRef term)
    {
        var bytes = term.Bytes.AsSpan(term.Offset, term.Length);
        if (bytes.ContainsAnyExceptInRange((byte)0, (byte)0x7F))
        {
            var text = term.Utf8ToString();
            return text.Length >= 2 && !text.All(char.IsDigit);
        }

        return bytes.Length >= 2 && bytes.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static double Score(ScoreDoc d) => float.IsNaN(d.Score) ? 0 : d.Score;

    /// <summary>Lucene's rescorer with RM3's mix: the query's score weighted <paramref name="queryWeight"/>, plus the expansion words' (already weighted).</summary>
    private sealed class ExpansionRescorer(LuceneQuery words, float queryWeight) : QueryRescorer(words)
    {
        protected override float Combine(float firstPassScore, bool secondPassMatches, float secondPassScore) =>
            (float.IsNaN(firstPassScore) ? 0 : queryWeight * firstPassScore) + (secondPassMatches ? secondPassScore : 0);
    }

    private static List<Candidate> Candidates(IndexSearcher searcher, TopDocs docs)
    {
        var ids = MultiDocValues.GetNumericValues(searcher.IndexReader, IndexFields.Id);
        return docs.ScoreDocs.Select(d => new Candidate(ids!.Get(d.Doc), float.IsNaN(d.Score) ? 0 : d.Score)).ToList();
    }

    public async Task<IReadOnlyList<IndexedHit>> HitsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var highlight = query.Query.HasText ? await HighlightTermsAsync(query.Query, ct) : [];
        var p = new Parameters();
        var chars = p.Add(SnippetChars);
        var rows = new List<(long Id, string Type, string Key, string Title, string Url, string Kind, int? Year, DateTimeOffset? Date, string Summary, string Text)>();
        // Each field's first characters, joined here: the database never concatenates whole bodies and file texts.
        await using (var reader = await ReaderAsync(
            $"SELECT \"Id\", \"Type\", \"Key\", \"Title\", \"Url\", \"Kind\", \"Year\", \"Date\", substr(\"Summary\", 1, {chars}), substr(\"Body\", 1, {chars}), substr(\"FileText\", 1, {chars}) FROM \"SearchDocuments\" WHERE \"Id\" IN ({IdList(ids)})", p, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.IsDBNull(6) ? null : Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                    reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture)),
                    Prefix(reader.GetString(8), 300), Snippable(reader.GetString(8), reader.GetString(9), reader.GetString(10))));
            }
        }

        var hits = new Dictionary<long, IndexedHit>();
        var highlighter = highlight.Length == 0 ? null : new Highlighter(new SimpleHTMLFormatter(MarkStart.ToString(), MarkEnd.ToString()), new QueryTermScorer(highlight))
        {
            TextFragmenter = new SimpleFragmenter(220),
            MaxDocCharsToAnalyze = SnippetWindow,
        };
        var needles = highlight.Select(t => t.Term).Concat(query.Query.PositiveWords().Where(w => !StopWords.Contains(w))).Select(Needle).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var row in rows)
        {
            var snippet = highlighter?.GetBestFragments(Analyzer, IndexFields.All, Window(row.Text, needles), 2) is { Length: > 0 } fragments
                ? string.Join(" … ", fragments.Select(f => f.Trim()))
                : null;
            hits[row.Id] = new IndexedHit(row.Id, row.Type, row.Key, row.Title, row.Url, row.Kind, row.Year, row.Date,
                snippet is null || !snippet.Contains(MarkStart) ? row.Summary : snippet);
        }

        return ids.Where(hits.ContainsKey).Select(id => hits[id]).ToList();
    }

    /// <summary>The text a snippet is looked for in: the first <see cref="SnippetChars"/> characters of summary, body and file text, a space between each.</summary>
    private static string Snippable(string summary, string body, string fileText)
    {
        var builder = new StringBuilder(Math.Min(SnippetChars, summary.Length + body.Length + fileText.Length + 2));
        builder.Append(summary);
        foreach (var part in (ReadOnlySpan<string>)[body, fileText])
        {
            if (builder.Length >= SnippetChars)
            {
                break;
            }

            builder.Append(' ').Append(part);
        }

        return Prefix(builder.ToString(), SnippetChars);
    }

    /// <summary>The first <paramref name="length"/> characters (code points, as the database's substr counts them: a pair is never cut).</summary>
    private static string Prefix(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var end = 0;
        for (var n = 0; n < length && end < text.Length; n++)
        {
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
        }

        return text[..end];
    }

    /// <summary>What a query word or term looks like in the text: its start (a stem's last letter often differs: "studi" in "study").</summary>
    private static string Needle(string word) => word.Length > 4 ? word[..^1] : word;

    /// <summary>
    /// The part of <paramref name="text"/> the snippet is made from: from a little before the first
    /// place one of the words appears, at a word's start (the text's start when none is found as
    /// written, e.g. accented: the analysis then finds them there if anywhere).
    /// </summary>
    private static string Window(string text, IReadOnlyList<string> needles)
    {
        if (text.Length <= SnippetWindow)
        {
            return text;
        }

        var first = text.Length;
        foreach (var needle in needles)
        {
            var at = text.AsSpan(0, first).IndexOf(needle, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                first = at;
            }
        }

        var start = first == text.Length || first < SnippetWindow / 5 ? 0 : first - SnippetWindow / 10;
        while (start > 0 && start < first && !char.IsWhiteSpace(text[start - 1]))
        {
            start++;
        }

        return text.Substring(start, Math.Min(SnippetWindow, text.Length - start));
    }

    /// <summary>The terms a snippet marks: the query's words as analysed, and the index's words that begin with a prefix typed with *.</summary>
    private async Task<WeightedTerm[]> HighlightTermsAsync(ParsedQuery query, CancellationToken ct)
    {
        var terms = Compiler.Terms(query).ToHashSet(StringComparer.Ordinal);
        var prefixes = Prefixes(query.Should).Concat(query.Must.SelectMany(Prefixes)).ToList();
        if (prefixes.Count > 0)
        {
            await host.SearchAsync(searcher =>
            {
                var all = MultiFields.GetTerms(searcher.IndexReader, IndexFields.All);
                if (all is null)
                {
                    return 0;
                }

                var iterator = all.GetEnumerator();
                foreach (var prefix in prefixes)
                {
                    var start = new BytesRef(prefix);
                    if (iterator.SeekCeil(start) == TermsEnum.SeekStatus.END)
                    {
                        continue;
                    }

                    for (var n = 0; n < 50 && StringHelper.StartsWith(iterator.Term, start); n++)
                    {
                        terms.Add(iterator.Term.Utf8ToString());
                        if (!iterator.MoveNext())
                        {
                            break;
                        }
                    }
                }

                return 0;
            }, ct);
        }

        return terms.Select(t => new WeightedTerm(1f, t)).ToArray();
    }

    private static IEnumerable<string> Prefixes(QueryNode node) => node switch
    {
        TermNode { Prefix: true } t => Analyzer.Terms(IndexFields.All, t.Text).Select(x => x.Term).Append(t.Text.ToLowerInvariant()),
        OrNode o => o.Children.SelectMany(Prefixes),
        AndNode a => a.Children.SelectMany(Prefixes),
        _ => [],
    };

    private static IEnumerable<string> Prefixes(IEnumerable<QueryNode> nodes) => nodes.SelectMany(Prefixes);

    public async Task<IReadOnlyDictionary<string, string>> SuggestAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var asked = words.Select(w => (Word: w, Stems: Analyzer.Terms(IndexFields.All, w), Typed: Unstemmed.Terms(IndexFields.Words, w)))
            .Where(w => w.Stems.Count == 1 && w.Typed.Count == 1 && w.Typed[0].Term.Length >= 3)
            .ToList();
        if (asked.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        return await host.SearchAsIsAsync(searcher =>
        {
            var suggestions = new Dictionary<string, string>(StringComparer.Ordinal);
            var reader = searcher.IndexReader;
            var vocabulary = MultiFields.GetTerms(reader, IndexFields.Words);
            foreach (var (word, stems, typed) in asked)
            {
                if (vocabulary is null || reader.DocFreq(new Term(IndexFields.All, stems[0].Term)) > 0)
                {
                    continue;
                }

                // Core Lucene's fuzzy enumeration: the index's words within two edits (the first letter kept), nearest first, then most used.
                var near = new FuzzyTermsEnum(vocabulary, new AttributeSource(), new Term(IndexFields.Words, typed[0].Term), 2f, 1, true);
                var boost = near.Attributes.AddAttribute<IBoostAttribute>();
                (string Term, float Similarity, int Frequency)? best = null;
                while (near.MoveNext())
                {
                    var candidate = (near.Term.Utf8ToString(), boost.Boost, near.DocFreq);
                    if (best is null || candidate.Item2 > best.Value.Similarity || (candidate.Item2 == best.Value.Similarity && candidate.Item3 > best.Value.Frequency))
                    {
                        best = candidate;
                    }
                }

                if (best is { } found)
                {
                    suggestions[word] = found.Term;
                }
            }

            return (IReadOnlyDictionary<string, string>)suggestions;
        }, ct);
    }

    public async Task<IndexStats> StatsAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        var byType = new Dictionary<string, int>();
        long bytes = 0;
        await using (var reader = await ReaderAsync(
            "SELECT \"Type\", count(*), sum(length(\"Title\") + length(\"Summary\") + length(\"Body\") + length(\"FileText\") + length(\"Extra\")) FROM \"SearchDocuments\" GROUP BY \"Type\"", new Parameters(), ct))
        {
            while (await reader.ReadAsync(ct))
            {
                byType[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                bytes += reader.IsDBNull(2) ? 0 : Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            }
        }

        var last = await ScalarAsync("SELECT \"Value\" FROM \"SearchState\" WHERE \"Name\" = 'LastRebuild'", new Parameters(), ct);
        DateTimeOffset? lastRebuild = last is string s && long.TryParse(s, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new IndexStats(byType.Values.Sum(), byType, bytes, lastRebuild);
    }

    /// <summary>
    /// Records the rebuild of the record and asks every node for a new index (SearchState "Generation"):
    /// each builds one beside its live index and swaps it in.
    /// </summary>
    public async Task SetLastRebuildAsync(DateTimeOffset at, CancellationToken ct)
    {
        await FlushAsync(ct);
        var p = new Parameters();
        var value = p.Add(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        var generation = p.Add(Guid.NewGuid().ToString("N"));
        await ExecuteAsync(
            $"INSERT INTO \"SearchState\" (\"Name\", \"Value\") VALUES ('LastRebuild', {value}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = excluded.\"Value\";"
            + $" INSERT INTO \"SearchState\" (\"Name\", \"Value\") VALUES ('{LuceneIndexHost.GenerationState}', {generation}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = excluded.\"Value\"",
            p, ct);
    }

    /// <summary>Brings this node's index up to the log and commits it (after a bulk load).</summary>
    public Task OptimizeAsync(CancellationToken ct) => host.CatchUpFullyAsync(ct);

    private static IEnumerable<(string Facet, string Value)> Facets(SearchDocument d) =>
        new[] { (SearchFacets.Kind, d.Kind) }
            .Concat(d.Organisations.Select(v => (SearchFacets.Organisation, v)))
            .Concat(d.Sites.Select(v => (SearchFacets.Site, v)))
            .Concat(d.PracticeAreas.Select(v => (SearchFacets.PracticeArea, v)))
            .Concat(d.Methods.Select(v => (SearchFacets.Method, v)))
            .Concat(d.Measures.Select(v => (SearchFacets.Measure, v)))
            .Concat(d.Year is { } y ? [(SearchFacets.Year, y.ToString(CultureInfo.InvariantCulture))] : []);

    private static string Clean(string text)
    {
        var cut = text.Length > MaxFieldChars ? text[..MaxFieldChars] : text;
        if (cut.AsSpan().IndexOfAny(['\u0000', MarkStart, MarkEnd]) < 0)
        {
            return cut;
        }

        var builder = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            builder.Append(c is '\u0000' or MarkStart or MarkEnd ? ' ' : c);
        }

        return builder.ToString();
    }

    private static string IdList(IEnumerable<long> ids) => string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private async Task<DbDataReader> ReaderAsync(string sql, Parameters p, CancellationToken ct)
    {
        // Not disposed here: disposing the command closes its reader; the reader's disposal frees both.
        var command = await CommandAsync(sql, p, ct);
        return await command.ExecuteReaderAsync(ct);
    }

    private async Task<object?> ScalarAsync(string sql, Parameters p, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, p, ct);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    private async Task<int> ExecuteAsync(string sql, Parameters p, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, p, ct);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<DbCommand> CommandAsync(string sql, Parameters p, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in p.Values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Numbered parameters (@p0, @p1, ...): every user value reaches the database as a parameter.</summary>
    private sealed class Parameters
    {
        private readonly List<(string Name, object? Value)> _values = [];

        public IReadOnlyList<(string Name, object? Value)> Values => _values;

        public string Add(object? value)
        {
            var name = $"@p{_values.Count.ToString(CultureInfo.InvariantCulture)}";
            _values.Add((name, value));
            return name;
        }
    }
}
