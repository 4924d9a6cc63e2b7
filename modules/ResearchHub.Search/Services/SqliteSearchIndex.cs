using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services.Analysis;
using ResearchHub.Search.Services.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Search.Services;

/// <summary>
/// SQLite FTS5: an external-content table over SearchDocuments kept in step in the row's own
/// transaction (written with the row here, removed by a delete trigger), tokenized
/// <c>porter unicode61 remove_diacritics 2</c>, ranked by bm25 with field weights.
/// <para>
/// Searches are answered from in-memory postings (<see cref="MemoryIndex"/>, kept in step with these
/// tables through their change log by <see cref="MemoryIndexHost"/>): they score with bm25 as FTS5
/// does, and count and facet every match, without FTS5 scoring each match (most of a search's cost at
/// 100,000 documents). FTS5 matches phrases for them, unscored.
/// </para>
/// <para>
/// FTS5 answers what the postings cannot (words typed with *, common words only, searches inside a
/// transaction, or before the postings are built) in two passes: FTS5 scores every match and keeps
/// the best, and an unscored pass over SearchMeta (a narrow row per document: the visibility columns
/// and the facet values as 8-byte keys) counts them and their facets. Re-ranking then works on the
/// best documents' text here, with the index's own analysis (<see cref="TextAnalyzer"/>): FTS5 cannot
/// look up single rows of a term's match list, so every such question would read the whole list again.
/// </para>
/// </summary>
public sealed class SqliteSearchIndex(HubDbContext db, SqliteTermStatistics statistics, MemoryIndexHost memoryHost, IOptions<SearchOptions> options, ILogger<SqliteSearchIndex> logger) : SqlSearchIndex(db)
{
    /// <summary>bm25 weights by column: title, summary, body, file text, extra (authors, organisations, vocabularies).</summary>
    private static readonly string Weights = string.Join(", ", AnalysedDocument.FieldWeights.Select(w => w.ToString("0.0", CultureInfo.InvariantCulture)));

    /// <summary>How much of a field a snippet may come from.</summary>
    private const int SnippetChars = 20_000;

    /// <summary>Which database this index reads, so figures cached for one never serve another.</summary>
    internal string DatabaseName => Db.Database.GetDbConnection().DataSource ?? "";

    protected override (string From, string Where, string? Score) MatchSql(IndexQuery query, Parameters p)
    {
        var match = Compile(query.Query, query.WordsOptional);
        if (match is null)
        {
            return ("\"SearchMeta\" d", query.Query.HasText ? "1 = 0" : AccessAndFilters(query, p), null);
        }

        return ("\"SearchFts\" JOIN \"SearchMeta\" d ON d.\"Id\" = \"SearchFts\".rowid",
            $"\"SearchFts\" MATCH {p.Add(match)} AND {AccessAndFilters(query, p)}", $"-bm25(\"SearchFts\", {Weights})");
    }

    /// <summary>
    /// Two passes over the matches: the engine scores them all and keeps the best (as the bare engine
    /// query does), and a pass without scoring, which costs a fraction of it, counts them and their
    /// facet keys. Reading one narrow value per match is cheaper than carrying every match's score
    /// out of the engine.
    /// </summary>
    public override async Task<IndexMatch> MatchAsync(IndexQuery query, int limit, CancellationToken ct)
    {
        _memory = await CurrentMemoryAsync(ct);
        if (_memory is not null && await MemoryQueryAsync(query, ct) is { } memoryQuery)
        {
            var found = _memory.Search(memoryQuery, limit);
            AnsweredFromMemory = true;
            return found.Top.Count == 0 ? new IndexMatch(found.Top, 0, []) : new IndexMatch(found.Top, found.Total, await FacetLabelsAsync(found.FacetCounts, ct));
        }

        _memory = null;
        AnsweredFromMemory = false;
        var p = new Parameters();
        var (from, where, score) = MatchSql(query, p);
        var countSql = $"SELECT d.\"Facets\" FROM {from} WHERE {where}";

        // Outside a transaction everything the passes read is committed, so the counting pass can run
        // on a second connection beside the scoring one (WAL lets readers run side by side): a
        // search then takes about as long as its slower pass rather than both.
        // The context is not thread-safe: what the other connection needs is taken from it here, before the task starts.
        Task<(int Total, Dictionary<long, int> Counts)>? counting = null;
        if (Db.Database.CurrentTransaction is null)
        {
            var open = OwnConnection();
            counting = Task.Run(() => CountOnOwnConnection(open, countSql, p), ct);
        }

        var top = await TopAsync(query, from, where, score, p, limit, ct);

        (int Total, Dictionary<long, int> Counts) counted;
        if (counting is not null)
        {
            counted = await counting;
        }
        else if (top.Count == 0)
        {
            return new IndexMatch(top, 0, []);
        }
        else
        {
            await using var reader = await ReaderAsync(countSql, p, ct);
            counted = Count(reader);
        }

        return top.Count == 0 ? new IndexMatch(top, 0, []) : new IndexMatch(top, counted.Total, await FacetLabelsAsync(counted.Counts, ct));
    }

    private static (int Total, Dictionary<long, int> Counts) CountOnOwnConnection(Func<DbConnection> open, string sql, Parameters p)
    {
        using var connection = open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, p);

        using var reader = command.ExecuteReader();
        return Count(reader);
    }

    /// <summary>
    /// Opens another connection to this database (the context is not thread-safe, so what it needs is
    /// taken from the context here, on the caller's thread).
    /// </summary>
    private Func<DbConnection> OwnConnection()
    {
        var type = Db.Database.GetDbConnection().GetType();
        var connectionString = Db.Database.GetConnectionString();
        return () =>
        {
            var connection = (DbConnection)Activator.CreateInstance(type)!;
            connection.ConnectionString = connectionString;
            connection.Open();
            return connection;
        };
    }

    /// <summary>Counts the matches and their facet keys. Read synchronously: SQLite's reads are synchronous anyway, and this loop may see every document.</summary>
    private static (int Total, Dictionary<long, int> Counts) Count(DbDataReader reader)
    {
        var counts = new Dictionary<long, int>();
        var total = 0;
        while (reader.Read())
        {
            total++;
            var keys = (byte[])reader.GetValue(0);
            for (var i = 0; i + 8 <= keys.Length; i += 8)
            {
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, BinaryPrimitives.ReadInt64LittleEndian(keys.AsSpan(i)), out _);
                count++;
            }
        }

        return (total, counts);
    }

    /// <summary>The FTS5 table's columns, in its order.</summary>
    private static readonly string[] TextColumns = ["Title", "Summary", "Body", "FileText", "Extra"];

    /// <summary>
    /// Writes the row, its FTS5 entry, its facet rows and its SearchMeta row without any statement
    /// that needs a statement journal. FTS5 keeps the terms it is given in memory until the
    /// transaction commits (or they pass about a megabyte), but it writes them out as a new segment
    /// at every statement savepoint, and SQLite opens one for each statement that writes several
    /// rows (through a trigger, RETURNING or several VALUES) and may fail part-way (a constraint
    /// that aborts). With such statements every document in a batch became a one-document segment
    /// that FTS5 then merged again and again; without them a batch of a thousand becomes a dozen
    /// segments. So: the FTS5 entry is written here rather than by insert and update triggers on
    /// SearchDocuments (deletes keep their trigger), the id is read with last_insert_rowid() rather
    /// than RETURNING, and the statements that write several rows or fire triggers are INSERT OR
    /// IGNORE / UPDATE OR IGNORE, which cannot abort: their values are never null and never
    /// collide (facet values are distinct, ids are new), except where a collision is the point
    /// (a facet value already known, a SearchMeta row already there). A trigger added on these
    /// tables keeps the statement's OR IGNORE for its own statements unless it names another.
    /// </summary>
    protected override async Task WriteAsync(SearchDocument document, IReadOnlyList<(string Column, object? Value)> row, IReadOnlyList<IndexedFacet> facets, CancellationToken ct)
    {
        var p = new Parameters();
        var columns = string.Join(", ", row.Select(c => $"\"{c.Column}\""));
        var values = string.Join(", ", row.Select(c => p.Add(c.Value)));
        var inserted = await ScalarAsync(
            $"INSERT INTO \"SearchDocuments\" ({columns}) VALUES ({values}) ON CONFLICT (\"Type\", \"Key\") DO NOTHING; SELECT last_insert_rowid() WHERE changes() = 1", p, ct);

        var fts = string.Join(", ", TextColumns.Select(c => $"\"{c}\""));
        long id;
        string[]? old = null;
        if (inserted is not null)
        {
            id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
        }
        else
        {
            var k = new Parameters();
            await using var reader = await ReaderAsync(
                $"SELECT \"Id\", {fts} FROM \"SearchDocuments\" WHERE \"Type\" = {k.Add(row[0].Value)} AND \"Key\" = {k.Add(row[1].Value)}", k, ct);
            await reader.ReadAsync(ct);
            id = reader.GetInt64(0);
            old = TextColumns.Select((_, i) => reader.GetString(i + 1)).ToArray();
        }

        var w = new Parameters();
        var documentId = w.Add(id);
        var statements = "";
        if (old is not null)
        {
            // An update: FTS5 is told the old text (it finds its entries by it), then the row takes the new values.
            var updates = string.Join(", ", row.Skip(2).Select(c => $"\"{c.Column}\" = {w.Add(c.Value)}"));
            statements = $"INSERT INTO \"SearchFts\" (\"SearchFts\", rowid, {fts}) VALUES ('delete', {documentId}, {string.Join(", ", old.Select(o => w.Add(o)))});"
                + $" UPDATE \"SearchDocuments\" SET {updates} WHERE \"Id\" = {documentId};"
                + $" DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" = {documentId};";
        }

        var text = string.Join(", ", TextColumns.Select(c => w.Add(row.First(r => r.Column == c).Value)));
        statements += $" INSERT INTO \"SearchFts\" (rowid, {fts}) VALUES ({documentId}, {text});";
        if (facets.Count > 0)
        {
            var (rows, keyed) = FacetRowsSql(documentId, facets, w);
            statements += $" INSERT OR IGNORE INTO \"SearchFacets\" (\"DocumentId\", \"Facet\", \"Value\", \"ValueKey\") VALUES {rows};"
                + $" INSERT OR IGNORE INTO \"SearchFacetValues\" (\"Key\", \"Facet\", \"Value\") VALUES {keyed};";
        }

        var meta = new (string Column, string Value)[]
        {
            ("Visibility", w.Add((int)document.Visibility)), ("OwnerOrganisationId", w.Add(document.OwnerOrganisationId)), ("CreatorUserId", w.Add(document.CreatorUserId)),
            ("Audience", w.Add(document.Audience)), ("Year", w.Add(document.Year)), ("Date", w.Add(document.Date?.ToUnixTimeSeconds())), ("Facets", w.Add(FacetKeyBytes(facets))),
        };
        statements += $" UPDATE OR IGNORE \"SearchMeta\" SET {string.Join(", ", meta.Select(m => $"\"{m.Column}\" = {m.Value}"))} WHERE \"Id\" = {documentId};"
            + $" INSERT OR IGNORE INTO \"SearchMeta\" (\"Id\", {string.Join(", ", meta.Select(m => $"\"{m.Column}\""))}) VALUES ({documentId}, {string.Join(", ", meta.Select(m => m.Value))});";
        await ExecuteAsync(statements, w, ct);
    }

    private static byte[] FacetKeyBytes(IReadOnlyList<IndexedFacet> facets)
    {
        var keys = new byte[facets.Count * 8];
        for (var i = 0; i < facets.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(keys.AsSpan(i * 8), FacetKey(facets[i].Facet, facets[i].Key));
        }

        return keys;
    }

    protected override async Task<IReadOnlyDictionary<long, string>> SnippetsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var highlight = Highlight(query.Query);
        var snippets = new Dictionary<long, string>();
        var p = new Parameters();
        var n = p.Add(SnippetChars);
        await using var reader = await ReaderAsync(
            $"SELECT \"Id\", substr(\"Summary\", 1, {n}), substr(\"Body\", 1, {n}), substr(\"FileText\", 1, {n}) FROM \"SearchDocuments\" WHERE \"Id\" IN ({IdList(ids)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            snippets[reader.GetInt64(0)] = Snippets.Build([reader.GetString(1), reader.GetString(2), reader.GetString(3)], highlight);
        }

        return snippets;
    }

    /// <summary>bm25 as FTS5 computes it, from the in-memory postings when they answered, else on the candidates' analysed text.</summary>
    public override async Task<IReadOnlyDictionary<long, double>> ScoreAsync(IReadOnlyList<string> words, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (words.Count == 0 || ids.Count == 0)
        {
            return new Dictionary<long, double>();
        }

        if (_memory is not null)
        {
            return _memory.Score(words.Select(TextAnalyzer.Term).ToList(), ids);
        }

        var n = (await statistics.CollectionAsync(this, ct)).Documents;
        return await Bm25Async(words, ids, n, averageLength: null, word => statistics.DocumentFrequencyAsync(this, word, ct), ct);
    }

    public override async Task<IReadOnlySet<long>> ContainingAsync(string word, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var term = TextAnalyzer.Term(word);
        if (_memory is not null && !MemoryDocument.IsCommon(term))
        {
            return _memory.Containing(term, ids);
        }

        return (await AnalysedAsync(ids, ct)).Where(d => d.Value.Contains(term)).Select(d => d.Key).ToHashSet();
    }

    /// <summary>The sample size for counting frequent terms (see <see cref="CountContainingAsync"/>).</summary>
    internal const int TermSample = 5_000;

    /// <summary>How many documents the index holds (for idf), and the rowid that ends the first <see cref="TermSample"/> of them.</summary>
    internal async Task<(long Documents, long SampleEnd)> CountDocumentsAsync(CancellationToken ct)
    {
        var p = new Parameters();
        var documents = Convert.ToInt64(await ScalarAsync("SELECT count(*) FROM \"SearchMeta\"", p, ct), CultureInfo.InvariantCulture);
        var end = await ScalarAsync($"SELECT \"Id\" FROM \"SearchMeta\" ORDER BY \"Id\" LIMIT 1 OFFSET {p.Add(TermSample - 1)}", p, ct);
        return (documents, end is null ? long.MaxValue : Convert.ToInt64(end, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// How many documents contain a term. Counting a frequent term's whole match list costs nearly
    /// as much as a search, so it is counted among the first <see cref="TermSample"/> documents and
    /// scaled up when that sample already holds many; a rare term is counted exactly, which is cheap.
    /// </summary>
    internal async Task<long> CountContainingAsync(string term, (long Documents, long SampleEnd) collection, CancellationToken ct)
    {
        const int enough = 50;
        var p = new Parameters();
        var match = p.Add("\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        if (collection.Documents > 2 * TermSample)
        {
            var sampled = Convert.ToInt64(await ScalarAsync(
                $"SELECT count(*) FROM \"SearchFts\" WHERE \"SearchFts\" MATCH {match} AND rowid <= {p.Add(collection.SampleEnd)}", p, ct), CultureInfo.InvariantCulture);
            if (sampled >= enough)
            {
                return sampled * collection.Documents / TermSample;
            }
        }

        return Convert.ToInt64(await ScalarAsync($"SELECT count(*) FROM \"SearchFts\" WHERE \"SearchFts\" MATCH {match}", p, ct), CultureInfo.InvariantCulture);
    }

    private static HighlightTerms Highlight(ParsedQuery query)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var node in query.Should.Concat(query.Must))
        {
            Collect(node);
        }

        return new HighlightTerms(terms, prefixes);

        void Collect(QueryNode node)
        {
            switch (node)
            {
                case TermNode { Prefix: true } t:
                    prefixes.Add(TextAnalyzer.Term(t.Text) is var stem && stem.Length < t.Text.Length ? stem : t.Text);
                    break;
                case TermNode t:
                    terms.Add(TextAnalyzer.Term(t.Text));
                    break;
                case PhraseNode ph:
                    terms.UnionWith(ph.Words.Where(w => !StopWords.Contains(w)).Select(w => TextAnalyzer.Term(w)));
                    break;
                case AndNode a:
                    foreach (var child in a.Children)
                    {
                        Collect(child);
                    }

                    break;
                case OrNode o:
                    foreach (var child in o.Children)
                    {
                        Collect(child);
                    }

                    break;
            }
        }
    }

    /// <summary>Merges FTS5's segments, then brings the in-memory postings up to date (a rebuild or a bulk load leaves them far behind).</summary>
    public override async Task OptimizeAsync(CancellationToken ct)
    {
        await ExecuteAsync("INSERT INTO \"SearchFts\" (\"SearchFts\") VALUES ('optimize')", new Parameters(), ct);
        if (options.Value.MemoryIndex && Db.Database.CurrentTransaction is null)
        {
            await memoryHost.RefreshAsync(Db.Database.GetDbConnection().ConnectionString, OwnConnection(), ct);
        }
    }

    /// <summary>Whether the last <see cref="MatchAsync"/> was answered from the in-memory postings (for tests).</summary>
    internal bool AnsweredFromMemory { get; private set; }

    /// <summary>The in-memory postings the last search used, so re-ranking scores with the same figures.</summary>
    private MemoryIndex? _memory;

    /// <summary>
    /// The in-memory postings, when they may answer: switched on, outside a transaction (inside one,
    /// the transaction's own uncommitted writes must be seen, and only FTS5 sees them), and holding
    /// every committed change.
    /// </summary>
    private async Task<MemoryIndex?> CurrentMemoryAsync(CancellationToken ct)
    {
        if (!options.Value.MemoryIndex || Db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        await Db.Database.OpenConnectionAsync(ct);
        try
        {
            return await memoryHost.CurrentAsync(Db.Database.GetDbConnection(), OwnConnection(), ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The postings are a copy: whatever keeps them from answering, FTS5 can.
            logger.LogWarning(e, "The in-memory search postings could not answer; FTS5 does");
            return null;
        }
    }

    /// <summary>
    /// The query for the in-memory postings, or null when FTS5 must answer it: a word typed with * (its
    /// terms are FTS5's to list) or a common word the postings leave out. Phrases are matched by FTS5
    /// (they need word positions), unscored, which costs little; their words are scored here.
    /// </summary>
    private async Task<MemoryQuery?> MemoryQueryAsync(IndexQuery query, CancellationToken ct)
    {
        var parsed = query.Query;
        var scored = new List<string>();
        var supported = true;
        var phrases = new List<(PhraseNode Phrase, List<long> Ids)>();
        foreach (var node in parsed.Should.Concat(parsed.Must).Concat(parsed.MustNot))
        {
            Inspect(node);
        }

        if (!supported)
        {
            return null;
        }

        foreach (var (phrase, ids) in phrases)
        {
            var p = new Parameters();
            await using var reader = await ReaderAsync($"SELECT rowid FROM \"SearchFts\" WHERE \"SearchFts\" MATCH {p.Add(Quote(string.Join(' ', phrase.Words)))}", p, ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        MemoryNode? match = null;
        if (parsed.HasText)
        {
            var required = parsed.Must.Select(Convert).OfType<MemoryNode>().ToList();
            if (parsed.Should.Count > 0)
            {
                var words = parsed.Should.Select(Convert).OfType<MemoryNode>().ToList();
                required.Add(query.WordsOptional ? new MemoryAny(words) : new MemoryAll(words, []));
            }

            match = required.Count == 0 ? new MemoryAny([]) : new MemoryAll(required, parsed.MustNot.Select(Convert).OfType<MemoryNode>().ToList());
        }

        return new MemoryQuery(match, scored, query.Viewer,
            parsed.Filters.Select(f => FacetKey(f.Facet, f.Value.Trim().ToLowerInvariant())).ToList(),
            parsed.YearFrom, parsed.YearTo, query.ByDate);

        void Inspect(QueryNode node)
        {
            switch (node)
            {
                case TermNode { Prefix: true }:
                    supported = false;
                    break;
                case TermNode t:
                    var term = TextAnalyzer.Term(t.Text);
                    supported &= !MemoryDocument.IsCommon(term);
                    scored.Add(term);
                    break;
                case PhraseNode { Words.Count: 1 } single:
                    Inspect(new TermNode(single.Words[0]));
                    break;
                case PhraseNode phrase:
                    phrases.Add((phrase, []));
                    scored.AddRange(phrase.Words.Select(w => TextAnalyzer.Term(w)).Where(w => !MemoryDocument.IsCommon(w)));
                    break;
                case AndNode a:
                    a.Children.ToList().ForEach(Inspect);
                    break;
                case OrNode o:
                    o.Children.ToList().ForEach(Inspect);
                    break;
                case NotNode n:
                    Inspect(n.Child);
                    break;
            }
        }

        // As Compile turns a node into FTS5 syntax; null where Compile leaves the node out.
        MemoryNode? Convert(QueryNode node)
        {
            switch (node)
            {
                case TermNode t:
                    return new MemoryTerm(TextAnalyzer.Term(t.Text));
                case PhraseNode { Words.Count: 1 } single:
                    return new MemoryTerm(TextAnalyzer.Term(single.Words[0]));
                case PhraseNode phrase:
                    return new MemorySet(phrases.First(x => ReferenceEquals(x.Phrase, phrase)).Ids);
                case OrNode o:
                    var alternatives = o.Children.Select(Convert).OfType<MemoryNode>().ToList();
                    return alternatives.Count == 0 ? null : new MemoryAny(alternatives);
                case AndNode a:
                    var positives = a.Children.Where(c => c is not NotNode).Select(Convert).OfType<MemoryNode>().ToList();
                    return positives.Count == 0 ? null
                        : new MemoryAll(positives, a.Children.OfType<NotNode>().Select(n => Convert(n.Child)).OfType<MemoryNode>().ToList());
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The parsed query as an FTS5 MATCH expression. Every word is emitted as a quoted FTS5 string of
    /// letters and digits only, so nothing the user typed can be read as FTS5 syntax.
    /// </summary>
    public static string? Compile(ParsedQuery query, bool wordsOptional)
    {
        var positives = query.Must.Select(Node).Where(s => s is not null).Cast<string>().ToList();
        if (query.Should.Count > 0)
        {
            var words = query.Should.Select(Node).Cast<string>().ToList();
            positives.Add(words.Count == 1 ? words[0] : "(" + string.Join(wordsOptional ? " OR " : " AND ", words) + ")");
        }

        if (positives.Count == 0)
        {
            return null;
        }

        var expression = positives.Count == 1 ? positives[0] : "(" + string.Join(" AND ", positives) + ")";
        foreach (var negative in query.MustNot.Select(Node).Where(s => s is not null))
        {
            expression += " NOT " + negative;
        }

        return expression;
    }

    private static string? Node(QueryNode node)
    {
        switch (node)
        {
            case TermNode t:
                return t.Prefix ? Quote(t.Text) + " *" : Quote(t.Text);
            case PhraseNode ph:
                return Quote(string.Join(' ', ph.Words));
            case OrNode o:
                var alternatives = o.Children.Select(Node).Where(s => s is not null).ToList();
                return alternatives.Count == 0 ? null : "(" + string.Join(" OR ", alternatives) + ")";
            case AndNode a:
                var positives = a.Children.Where(c => c is not NotNode).Select(Node).Where(s => s is not null).ToList();
                if (positives.Count == 0)
                {
                    return null;
                }

                var expression = "(" + string.Join(" AND ", positives) + ")";
                foreach (var negative in a.Children.OfType<NotNode>().Select(n => Node(n.Child)).Where(s => s is not null))
                {
                    expression = "(" + expression + " NOT " + negative + ")";
                }

                return expression;
            default:
                return null;
        }
    }

    private static string Quote(string words) => "\"" + words.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
