using ResearchHub.Core.Data;
using ResearchHub.Search.Query;

namespace ResearchHub.Search.Services;

/// <summary>
/// PostgreSQL full-text search: a stored generated tsvector (title A, summary and extra B, body C,
/// file text D) with a GIN index, ranked by ts_rank_cd, highlighted by ts_headline. Queries are
/// built from plainto/phraseto_tsquery calls on parameters, so no user text is parsed as tsquery syntax.
/// </summary>
public sealed class PostgresSearchIndex(HubDbContext db) : SqlSearchIndex(db)
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

    /// <summary>
    /// The best matches ranked by ts_rank_cd (as the bare engine query), then one pass that counts the
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

    public override async Task<IReadOnlyDictionary<long, double>> ScoreAsync(IReadOnlyList<string> words, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var scores = new Dictionary<long, double>();
        if (words.Count == 0 || ids.Count == 0)
        {
            return scores;
        }

        // A weighted OR: ts_rank_cd has no per-term weights, so each word scores on its own and the
        // scores add up (a word given twice counts twice), as the SQLite engine's bm25 does.
        var p = new Parameters();
        var parts = words.GroupBy(w => w).Select(g =>
            $"{g.Count()} * ts_rank_cd({Weights}, d.\"Vector\", plainto_tsquery('english', {p.Add(g.Key)}), 1)");
        await using var reader = await ReaderAsync(
            $"SELECT d.\"Id\", {string.Join(" + ", parts)} FROM \"SearchDocuments\" d WHERE d.\"Id\" IN ({IdList(ids)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            var score = Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            if (score > 0)
            {
                scores[reader.GetInt64(0)] = score;
            }
        }

        return scores;
    }

    public override async Task<IReadOnlySet<long>> ContainingAsync(string word, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var found = new HashSet<long>();
        if (ids.Count == 0)
        {
            return found;
        }

        var p = new Parameters();
        await using var reader = await ReaderAsync(
            $"SELECT d.\"Id\" FROM \"SearchDocuments\" d WHERE d.\"Id\" IN ({IdList(ids)}) AND d.\"Vector\" @@ plainto_tsquery('english', {p.Add(word)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetInt64(0));
        }

        return found;
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
