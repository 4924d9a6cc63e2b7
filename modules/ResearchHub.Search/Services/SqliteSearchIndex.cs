using ResearchHub.Core.Data;
using ResearchHub.Search.Query;

namespace ResearchHub.Search.Services;

/// <summary>
/// SQLite FTS5: an external-content table over SearchDocuments kept in step by triggers (so it
/// commits with the row), tokenized <c>porter unicode61 remove_diacritics 2</c>, ranked by bm25
/// with field weights.
/// </summary>
public sealed class SqliteSearchIndex(HubDbContext db) : SqlSearchIndex(db)
{
    /// <summary>bm25 weights by column: title, summary, body, file text, extra (authors, organisations, vocabularies).</summary>
    private const string Weights = "4.0, 2.0, 1.0, 0.5, 2.0";

    protected override (string From, string Where, string? Score) MatchSql(IndexQuery query, Parameters p)
    {
        var match = Compile(query.Query, query.WordsOptional);
        var access = AccessAndFilters(query, p);
        if (match is null)
        {
            return ("\"SearchDocuments\" d", query.Query.HasText ? "1 = 0" : access, null);
        }

        return ("\"SearchFts\" JOIN \"SearchDocuments\" d ON d.\"Id\" = \"SearchFts\".rowid",
            $"\"SearchFts\" MATCH {p.Add(match)} AND {access}", $"-bm25(\"SearchFts\", {Weights})");
    }

    protected override string SnippetSql(IndexQuery query, string ids, Parameters p)
    {
        var match = Compile(query.Query with { MustNot = [] }, wordsOptional: true) ?? "\"\"";
        return $"SELECT rowid, snippet(\"SearchFts\", -1, char(2), char(3), '…', 24) FROM \"SearchFts\" WHERE \"SearchFts\" MATCH {p.Add(match)} AND rowid IN ({ids})";
    }

    public override async Task<IReadOnlyDictionary<long, double>> ScoreAsync(IReadOnlyList<string> words, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var scores = new Dictionary<long, double>();
        if (words.Count == 0 || ids.Count == 0)
        {
            return scores;
        }

        var p = new Parameters();
        var match = p.Add(string.Join(" OR ", words.Select(Quote)));
        await using var reader = await ReaderAsync(
            $"SELECT rowid, -bm25(\"SearchFts\", {Weights}) FROM \"SearchFts\" WHERE \"SearchFts\" MATCH {match} AND rowid IN ({IdList(ids)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            scores[reader.GetInt64(0)] = reader.GetDouble(1);
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
            $"SELECT rowid FROM \"SearchFts\" WHERE \"SearchFts\" MATCH {p.Add(Quote(word))} AND rowid IN ({IdList(ids)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetInt64(0));
        }

        return found;
    }

    public override async Task OptimizeAsync(CancellationToken ct) =>
        await ExecuteAsync("INSERT INTO \"SearchFts\" (\"SearchFts\") VALUES ('optimize')", new Parameters(), ct);

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
