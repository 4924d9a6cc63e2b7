using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services.Analysis;

namespace ResearchHub.Search.Services;

/// <summary>
/// PostgreSQL full-text search: a stored generated tsvector (title A, summary and extra B, body C,
/// file text D) with a GIN index, highlighted by ts_headline. Queries are built from
/// plainto/phraseto_tsquery calls on parameters, so no user text is parsed as tsquery syntax.
/// <para>
/// PostgreSQL finds the matches and picks the best by ts_rank_cd; those are then scored again here
/// with bm25 on their analysed text, as SQLite ranks (<see cref="SqlSearchIndex.Bm25Async"/>).
/// ts_rank_cd alone ranks poorly: it has no idf, so a common word counts as much as a rare one.
/// The collection's figures for bm25 come from PostgreSQL (<see cref="PostgresTermStatistics"/>).
/// </para>
/// </summary>
public sealed class PostgresSearchIndex(HubDbContext db, PostgresTermStatistics statistics) : SqlSearchIndex(db)
{
    /// <summary>ts_rank_cd weights in PostgreSQL's order: D (file text), C (body), B (summary, extra), A (title).</summary>
    private const string Weights = "'{0.1, 0.3, 0.6, 1.0}'";

    protected override (string From, string Where, string? Score) MatchSql(IndexQuery query, Parameters p)
    {
        var tsquery = Compile(query.Query, query.WordsOptional, p);
        var access = AccessAndFilters(query, p);
        if (tsquery is null)
        {
            return ("\"SearchDocuments\" d", query.Query.HasText ? "1 = 0" : access, null);
        }

        // Normalisation 1 divides by 1 + log(length), so long documents do not win by size alone.
        return ($"\"SearchDocuments\" d CROSS JOIN (SELECT {tsquery} AS tsq) q", $"d.\"Vector\" @@ q.tsq AND {access}", $"ts_rank_cd({Weights}, d.\"Vector\", q.tsq, 1)");
    }

    protected override IEnumerable<(string Column, object? Value)> ExtraColumns(IReadOnlyList<IndexedFacet> facets) =>
        [("FacetKeys", facets.Select(f => FacetKey(f.Facet, f.Key)).ToArray())];

    /// <summary>How many documents the average length is measured on.</summary>
    private const int LengthSample = 1_000;

    /// <summary>Which database this index reads, so figures cached for one never serve another.</summary>
    internal string DatabaseName => Db.Database.GetDbConnection().DataSource + "/" + Db.Database.GetDbConnection().Database;

    /// <summary>
    /// The best matches by ts_rank_cd, scored again with bm25 (see the class summary), then one pass that counts the
    /// matches and their facet keys (stored on the row, so no join and no ranking: the GIN index finds
    /// the rows and the visibility columns and keys are read beside them).
    /// </summary>
    public override async Task<IndexMatch> MatchAsync(IndexQuery query, int limit, CancellationToken ct)
    {
        var p = new Parameters();
        var (from, where, score) = MatchSql(query, p);
        var top = await TopAsync(query, from, where, score, p, limit, ct);
        if (top.Count == 0)
        {
            return new IndexMatch(top, 0, []);
        }

        if (!query.ByDate && score is not null && ScoredWords(query.Query) is { Count: > 0 } words)
        {
            // Sorted stably: candidates bm25 cannot tell apart keep PostgreSQL's order.
            var bm25 = await ScoreAsync(words, top.Select(c => c.Id).ToList(), ct);
            top = top.Select(c => c with { Score = bm25.GetValueOrDefault(c.Id) }).OrderByDescending(c => c.Score).ToList();
        }

        var counts = new Dictionary<long, int>();
        var total = 0;
        await using (var reader = await ReaderAsync(
            $"WITH m AS MATERIALIZED (SELECT d.\"FacetKeys\" AS keys FROM {from} WHERE {where}) "
            + "SELECT NULL::bigint, count(*) FROM m UNION ALL SELECT k, count(*) FROM m, unnest(m.keys) AS k GROUP BY k", p, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var count = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                if (reader.IsDBNull(0))
                {
                    total = count;
                }
                else
                {
                    counts[reader.GetInt64(0)] = count;
                }
            }
        }

        return new IndexMatch(top, total, await FacetLabelsAsync(counts, ct));
    }

    protected override async Task<IReadOnlyDictionary<long, string>> SnippetsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var p = new Parameters();
        var tsquery = Compile(query.Query with { MustNot = [] }, wordsOptional: true, p) ?? "plainto_tsquery('english', '')";
        var options = p.Add($"StartSel=\"{MarkStart}\", StopSel=\"{MarkEnd}\", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"");
        var snippets = new Dictionary<long, string>();
        await using var reader = await ReaderAsync(
            $"SELECT d.\"Id\", ts_headline('english', left(d.\"Summary\" || ' ' || d.\"Body\" || ' ' || d.\"FileText\", 20000), {tsquery}, {options}) FROM \"SearchDocuments\" d WHERE d.\"Id\" IN ({IdList(ids)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            snippets[reader.GetInt64(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }

        return snippets;
    }

    /// <summary>bm25 on the candidates' analysed text, with the collection's figures from PostgreSQL.</summary>
    public override async Task<IReadOnlyDictionary<long, double>> ScoreAsync(IReadOnlyList<string> words, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (words.Count == 0 || ids.Count == 0)
        {
            return new Dictionary<long, double>();
        }

        var collection = await statistics.CollectionAsync(this, ct);
        return await Bm25Async(words, ids, collection.Documents, collection.AverageLength, word => statistics.DocumentFrequencyAsync(this, word, ct), ct);
    }

    /// <summary>Read from the candidates' analysed text (already read for scoring), so a word counts as contained exactly when bm25 scores it.</summary>
    public override async Task<IReadOnlySet<long>> ContainingAsync(string word, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var term = TextAnalyzer.Term(word);
        return (await AnalysedAsync(ids, ct)).Where(d => d.Value.Contains(term)).Select(d => d.Key).ToHashSet();
    }

    /// <summary>
    /// How many documents the index holds, and their average length in words as our analysis counts
    /// them (so it compares with the candidates' lengths), measured on a sample of pages.
    /// </summary>
    internal async Task<(long Documents, double? AverageLength)> MeasureCollectionAsync(CancellationToken ct)
    {
        var documents = Convert.ToInt64(await ScalarAsync("SELECT count(*) FROM \"SearchDocuments\"", new Parameters(), ct), CultureInfo.InvariantCulture);
        var p = new Parameters();
        var percent = Math.Min(100.0, 200.0 * LengthSample / Math.Max(1, documents)).ToString("0.######", CultureInfo.InvariantCulture);
        var sample = await AnalyseAsync($"\"SearchDocuments\" TABLESAMPLE SYSTEM ({percent}) REPEATABLE (0) LIMIT {p.Add(LengthSample)}", p, ct);
        return (documents, sample.Count == 0 ? null : sample.Average(s => s.Document.Length));
    }

    /// <summary>
    /// How many documents hold a word, as PostgreSQL's own analysis finds it (the GIN index answers).
    /// A word PostgreSQL drops as a stop word is counted as held by every document: it tells nothing.
    /// </summary>
    internal async Task<long> CountContainingAsync(string word, (long Documents, double? AverageLength) collection, CancellationToken ct)
    {
        var p = new Parameters();
        var count = await ScalarAsync(
            $"SELECT CASE WHEN numnode(q.tsq) = 0 THEN NULL ELSE (SELECT count(*) FROM \"SearchDocuments\" d WHERE d.\"Vector\" @@ q.tsq) END FROM (SELECT plainto_tsquery('english', {p.Add(word)}) AS tsq) q",
            p, ct);
        return count is null ? collection.Documents : Convert.ToInt64(count, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The words bm25 scores a query's matches by: its bare words and the words of its phrases and
    /// groups, not stop words. None when a word is typed with *: its terms are PostgreSQL's to
    /// expand, so ts_rank_cd's order stands.
    /// </summary>
    private static List<string>? ScoredWords(ParsedQuery query)
    {
        return query.Should.Concat(query.Must).Any(HasPrefix) ? null : query.PositiveWords().Where(w => !StopWords.Contains(w)).ToList();

        static bool HasPrefix(QueryNode node) => node switch
        {
            TermNode t => t.Prefix,
            AndNode a => a.Children.Any(HasPrefix),
            OrNode o => o.Children.Any(HasPrefix),
            _ => false,
        };
    }

    public override async Task OptimizeAsync(CancellationToken ct) =>
        await ExecuteAsync("ANALYZE \"SearchDocuments\"", new Parameters(), ct);

    /// <summary>The parsed query as a SQL expression of type tsquery, every word a parameter.</summary>
    private static string? Compile(ParsedQuery query, bool wordsOptional, Parameters p)
    {
        var positives = query.Must.Select(n => Node(n, p)).Where(s => s is not null).Cast<string>().ToList();
        if (query.Should.Count > 0)
        {
            var words = query.Should.Select(n => Node(n, p)).Cast<string>().ToList();
            positives.Add("(" + string.Join(wordsOptional ? " || " : " && ", words) + ")");
        }

        if (positives.Count == 0)
        {
            return null;
        }

        var expression = "(" + string.Join(" && ", positives) + ")";
        foreach (var negative in query.MustNot.Select(n => Node(n, p)).Where(s => s is not null))
        {
            expression = $"({expression} && !!{negative})";
        }

        return expression;
    }

    private static string? Node(QueryNode node, Parameters p)
    {
        switch (node)
        {
            case TermNode { Prefix: true } t:
                // The word is letters and digits only (QueryParser.Tokenize), so ":*" is the only syntax here.
                return $"to_tsquery('english', {p.Add(t.Text + ":*")})";
            case TermNode t:
                return $"plainto_tsquery('english', {p.Add(t.Text)})";
            case PhraseNode ph:
                return $"phraseto_tsquery('english', {p.Add(string.Join(' ', ph.Words))})";
            case OrNode o:
                var alternatives = o.Children.Select(c => Node(c, p)).Where(s => s is not null).ToList();
                return alternatives.Count == 0 ? null : "(" + string.Join(" || ", alternatives) + ")";
            case AndNode a:
                var parts = a.Children.Select(c => c is NotNode n ? Node(n.Child, p) is { } s ? "!!" + s : null : Node(c, p))
                    .Where(s => s is not null).ToList();
                return a.Children.Any(c => c is not NotNode) && parts.Count > 0 ? "(" + string.Join(" && ", parts) + ")" : null;
            default:
                return null;
        }
    }
}
