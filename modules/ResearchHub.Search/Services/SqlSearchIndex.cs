using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services.Analysis;

namespace ResearchHub.Search.Services;

/// <summary>
/// What both engines share: the document and facet tables, the visibility rule and the filters,
/// written as SQL on the context's own connection and transaction, and bm25 on the best matches'
/// text analysed here (<see cref="Bm25Async"/>). The engines differ only in how text is matched,
/// first scored and highlighted (<see cref="SqliteSearchIndex"/>, <see cref="PostgresSearchIndex"/>).
/// </summary>
public abstract class SqlSearchIndex(HubDbContext db) : ISearchIndex
{
    /// <summary>Marks a matched word in a snippet; stripped from indexed text so a document cannot forge one.</summary>
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';

    /// <summary>Engines limit the text one document may carry (PostgreSQL: 1 MB per tsvector); the rest adds little to ranking.</summary>
    protected const int MaxFieldChars = 200_000;

    protected HubDbContext Db => db;

    /// <summary>The FROM and WHERE of the visible matches, with the score expression (or null when there is no text to match).</summary>
    protected abstract (string From, string Where, string? Score) MatchSql(IndexQuery query, Parameters p);

    /// <summary>A highlighted passage of each given document (matched words between <see cref="MarkStart"/> and <see cref="MarkEnd"/>).</summary>
    protected abstract Task<IReadOnlyDictionary<long, string>> SnippetsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct);

    public abstract Task<IReadOnlyDictionary<long, double>> ScoreAsync(IReadOnlyList<string> words, IReadOnlyCollection<long> ids, CancellationToken ct);

    public abstract Task<IReadOnlySet<long>> ContainingAsync(string word, IReadOnlyCollection<long> ids, CancellationToken ct);

    public abstract Task OptimizeAsync(CancellationToken ct);

    public async Task UpsertAsync(SearchDocument document, DateTimeOffset indexedAt, CancellationToken ct)
    {
        var facetValues = new List<IndexedFacet>();
        var seen = new HashSet<(string, string)>();
        foreach (var (facet, value) in Facets(document))
        {
            var trimmed = value.Trim();
            var key = trimmed.ToLowerInvariant();
            if (trimmed.Length > 0 && trimmed.Length <= 300 && seen.Add((facet, key)))
            {
                facetValues.Add(new IndexedFacet(facet, trimmed, key));
            }
        }

        var row = new List<(string Column, object? Value)>
        {
            ("Type", document.Type), ("Key", document.Key), ("Title", Clean(document.Title)), ("Summary", Clean(document.Summary)), ("Body", Clean(document.Body)),
            ("FileText", Clean(document.FileText)), ("Extra", Clean(document.Extra)), ("Url", document.Url), ("Kind", document.Kind), ("Year", document.Year),
            ("Date", document.Date?.ToUnixTimeSeconds()), ("Visibility", (int)document.Visibility), ("OwnerOrganisationId", document.OwnerOrganisationId),
            ("CreatorUserId", document.CreatorUserId), ("Audience", document.Audience), ("IndexedAt", indexedAt.ToUnixTimeMilliseconds()),
        };
        row.AddRange(ExtraColumns(facetValues));
        await WriteAsync(document, row, facetValues, ct);
    }

    /// <summary>
    /// Writes the document's row (by type and key: inserted, or updated in place keeping its id) and
    /// its facet rows. Here as one upsert returning the id, then the facet rows replaced.
    /// </summary>
    /// <param name="row">The row's columns and values, type and key first.</param>
    protected virtual async Task WriteAsync(SearchDocument document, IReadOnlyList<(string Column, object? Value)> row, IReadOnlyList<IndexedFacet> facets, CancellationToken ct)
    {
        var p = new Parameters();
        var columns = string.Join(", ", row.Select(c => $"\"{c.Column}\""));
        var values = string.Join(", ", row.Select(c => p.Add(c.Value)));
        var updates = string.Join(", ", row.Skip(2).Select(c => $"\"{c.Column}\" = excluded.\"{c.Column}\""));
        var sql = $"INSERT INTO \"SearchDocuments\" ({columns}) VALUES ({values}) ON CONFLICT (\"Type\", \"Key\") DO UPDATE SET {updates} RETURNING \"Id\"";
        var id = Convert.ToInt64(await ScalarAsync(sql, p, ct), CultureInfo.InvariantCulture);

        var w = new Parameters();
        var documentId = w.Add(id);
        var statements = $"DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" = {documentId};";
        if (facets.Count > 0)
        {
            var (rows, keyed) = FacetRowsSql(documentId, facets, w);
            statements += $" INSERT INTO \"SearchFacets\" (\"DocumentId\", \"Facet\", \"Value\", \"ValueKey\") VALUES {rows};"
                + $" INSERT INTO \"SearchFacetValues\" (\"Key\", \"Facet\", \"Value\") VALUES {keyed} ON CONFLICT (\"Key\") DO NOTHING;";
        }

        await ExecuteAsync(statements, w, ct);
    }

    /// <summary>The VALUES rows of a document's facets: for SearchFacets (document, facet, value, key) and for SearchFacetValues (8-byte key, facet, value).</summary>
    protected static (string Rows, string Keyed) FacetRowsSql(string id, IReadOnlyList<IndexedFacet> facets, Parameters p)
    {
        var rows = string.Join(", ", facets.Select(v => $"({id}, {p.Add(v.Facet)}, {p.Add(v.Value)}, {p.Add(v.Key)})"));
        var keyed = string.Join(", ", facets.Select(v => $"({FacetKey(v.Facet, v.Key).ToString(CultureInfo.InvariantCulture)}, {p.Add(v.Facet)}, {p.Add(v.Value)})"));
        return (rows, keyed);
    }

    /// <summary>Columns an engine stores on the document row besides the shared ones (name, value).</summary>
    protected virtual IEnumerable<(string Column, object? Value)> ExtraColumns(IReadOnlyList<IndexedFacet> facets) => [];

    /// <summary>A stable 8-byte key for a facet value: the facet's number in the top byte, a 56-bit FNV-1a hash of its key below.</summary>
    public static long FacetKey(string facet, string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in facet + "\u0000" + key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var index = 0;
        for (var i = 0; i < SearchFacets.All.Count; i++)
        {
            if (SearchFacets.All[i].Key == facet)
            {
                index = i + 1;
            }
        }

        return ((long)index << 56) | (long)(hash & 0x00FF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>Facet values counted per facet before the labels are looked up (years: all of them).</summary>
    private const int FacetValuesPerFacet = 50;

    /// <summary>The counted facet keys with their names and values as shown, the most frequent of each facet.</summary>
    protected async Task<IReadOnlyList<FacetCount>> FacetLabelsAsync(Dictionary<long, int> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return [];
        }

        var year = SearchFacets.All.Select((f, i) => (f.Key, Index: i + 1)).First(f => f.Key == SearchFacets.Year).Index;
        var wanted = counts.GroupBy(c => c.Key >> 56)
            .SelectMany(g => g.Key == year ? g : g.OrderByDescending(c => c.Value).Take(FacetValuesPerFacet))
            .ToDictionary(c => c.Key, c => c.Value);
        var facets = new List<FacetCount>();
        await using var reader = await ReaderAsync(
            $"SELECT \"Key\", \"Facet\", \"Value\" FROM \"SearchFacetValues\" WHERE \"Key\" IN ({IdList(wanted.Keys)})", new Parameters(), ct);
        while (await reader.ReadAsync(ct))
        {
            facets.Add(new FacetCount(reader.GetString(1), reader.GetString(2), wanted[reader.GetInt64(0)]));
        }

        return facets;
    }

    /// <summary>A facet value of a document as stored: facet name, value as shown, and its key (lower case).</summary>
    protected sealed record IndexedFacet(string Facet, string Value, string Key);

    public async Task RemoveAsync(string type, string key, CancellationToken ct)
    {
        var p = new Parameters();
        var where = $"\"Type\" = {p.Add(type)} AND \"Key\" = {p.Add(key)}";
        await ExecuteAsync($"DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" IN (SELECT \"Id\" FROM \"SearchDocuments\" WHERE {where})", p, ct);
        await ExecuteAsync($"DELETE FROM \"SearchDocuments\" WHERE {where}", p, ct);
    }

    public async Task<int> RemoveStaleAsync(string type, DateTimeOffset since, CancellationToken ct)
    {
        var p = new Parameters();
        var where = $"\"Type\" = {p.Add(type)} AND \"IndexedAt\" < {p.Add(since.ToUnixTimeMilliseconds())}";
        await ExecuteAsync($"DELETE FROM \"SearchFacets\" WHERE \"DocumentId\" IN (SELECT \"Id\" FROM \"SearchDocuments\" WHERE {where})", p, ct);
        return await ExecuteAsync($"DELETE FROM \"SearchDocuments\" WHERE {where}", p, ct);
    }

    /// <summary>The best matches, the total and the facet counts (each engine in as few passes as it can).</summary>
    public abstract Task<IndexMatch> MatchAsync(IndexQuery query, int limit, CancellationToken ct);

    public virtual async Task<IReadOnlyDictionary<long, string>> TextAsync(IReadOnlyCollection<long> ids, int maxChars, CancellationToken ct)
    {
        var texts = new Dictionary<long, string>();
        if (ids.Count == 0)
        {
            return texts;
        }

        var p = new Parameters();
        var n = p.Add(maxChars);
        await using var reader = await ReaderAsync(
            $"SELECT \"Id\", substr(\"Title\" || ' ' || \"Summary\" || ' ' || \"Body\", 1, {n}) FROM \"SearchDocuments\" WHERE \"Id\" IN ({IdList(ids)})", p, ct);
        while (await reader.ReadAsync(ct))
        {
            texts[reader.GetInt64(0)] = reader.GetString(1);
        }

        return texts;
    }

    /// <summary>
    /// bm25 of the given documents for an OR of <paramref name="words"/> (a word given twice counts
    /// twice), on their text analysed here. The engine gives the collection's figures: its size, each
    /// word's document frequency (asked with the word as typed or read: the engine analyses it
    /// itself, and a stem analysed again may differ) and, when it has it, the average length in
    /// words (otherwise the candidates' average stands in).
    /// </summary>
    protected async Task<IReadOnlyDictionary<long, double>> Bm25Async(
        IReadOnlyList<string> words, IReadOnlyCollection<long> ids, long documents, double? averageLength, Func<string, Task<long>> documentFrequency, CancellationToken ct)
    {
        if (words.Count == 0 || ids.Count == 0)
        {
            return new Dictionary<long, double>();
        }

        var analysed = await AnalysedAsync(ids, ct);
        if (analysed.Count == 0)
        {
            return new Dictionary<long, double>();
        }

        var terms = new List<Bm25Term>();
        foreach (var group in words.GroupBy(TextAnalyzer.Term))
        {
            terms.Add(new Bm25Term(group.Key, group.Count(), await documentFrequency(group.First())));
        }

        // A cached collection size may predate documents written since; idf must still see them all.
        var size = Math.Max(documents, Math.Max(analysed.Count, terms.Max(t => t.DocumentFrequency)));
        return Bm25.Score(terms, analysed, size, averageLength ?? analysed.Average(d => d.Value.Length));
    }

    private readonly Dictionary<long, AnalysedDocument> _analysed = [];

    /// <summary>The given documents analysed (kept for the scope: re-ranking asks about the same candidates several times).</summary>
    protected async Task<IReadOnlyDictionary<long, AnalysedDocument>> AnalysedAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (_analysed.Count > 5_000)
        {
            _analysed.Clear(); // a long-lived scope (a CLI verb) must not keep every document it ever ranked
        }

        var missing = ids.Where(id => !_analysed.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (id, document) in await AnalyseAsync($"\"SearchDocuments\" WHERE \"Id\" IN ({IdList(missing)})", new Parameters(), ct))
            {
                _analysed[id] = document;
            }
        }

        return ids.Where(_analysed.ContainsKey).Distinct().ToDictionary(id => id, id => _analysed[id]);
    }

    /// <summary>Analyses the documents of <c>SELECT ... FROM <paramref name="from"/></c> (a table, its conditions and any limit).</summary>
    protected async Task<List<(long Id, AnalysedDocument Document)>> AnalyseAsync(string from, Parameters p, CancellationToken ct)
    {
        var body = p.Add(AnalysedDocument.BodyChars);
        var file = p.Add(AnalysedDocument.FileChars);
        var documents = new List<(long, AnalysedDocument)>();
        await using var reader = await ReaderAsync(
            $"SELECT \"Id\", \"Title\", \"Summary\", substr(\"Body\", 1, {body}), substr(\"FileText\", 1, {file}), \"Extra\" FROM {from}", p, ct);
        while (await reader.ReadAsync(ct))
        {
            documents.Add((reader.GetInt64(0), new AnalysedDocument([reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)])));
        }

        return documents;
    }

    public async Task<IReadOnlyList<IndexedHit>> HitsAsync(IndexQuery query, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var list = IdList(ids);
        var snippets = query.Query.HasText ? await SnippetsAsync(query, ids, ct) : new Dictionary<long, string>();

        var hits = new Dictionary<long, IndexedHit>();
        await using (var reader = await ReaderAsync(
            $"SELECT \"Id\", \"Type\", \"Key\", \"Title\", \"Url\", \"Kind\", \"Year\", \"Date\", substr(\"Summary\", 1, 300) FROM \"SearchDocuments\" WHERE \"Id\" IN ({list})", new Parameters(), ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                var snippet = snippets.GetValueOrDefault(id);
                hits[id] = new IndexedHit(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.IsDBNull(6) ? null : Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                    reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture)),
                    string.IsNullOrWhiteSpace(snippet) || !snippet.Contains(MarkStart) ? reader.GetString(8) : snippet);
            }
        }

        return ids.Where(hits.ContainsKey).Select(id => hits[id]).ToList();
    }

    public async Task<IndexStats> StatsAsync(CancellationToken ct)
    {
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

    public async Task SetLastRebuildAsync(DateTimeOffset at, CancellationToken ct)
    {
        var p = new Parameters();
        await ExecuteAsync(
            $"INSERT INTO \"SearchState\" (\"Name\", \"Value\") VALUES ('LastRebuild', {p.Add(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = excluded.\"Value\"",
            p, ct);
    }

    /// <summary>The visibility rule and the facet filters, as one WHERE fragment on documents aliased d.</summary>
    protected static string AccessAndFilters(IndexQuery query, Parameters p)
    {
        var viewer = query.Viewer;
        var clauses = new List<string>();
        if (!viewer.IsAdmin)
        {
            var audiences = viewer.SignedIn ? viewer.Audiences.Take(1000).ToList() : [];
            clauses.Add(audiences.Count == 0
                ? "d.\"Audience\" IS NULL"
                : $"(d.\"Audience\" IS NULL OR d.\"Audience\" IN ({string.Join(", ", audiences.Select(a => p.Add(a)))}))");
            if (!viewer.SignedIn)
            {
                clauses.Add($"d.\"Visibility\" = {(int)SearchVisibility.Public}");
            }
            else
            {
                // -1 matches no organisation, so a member without one sees no organisation-only documents.
                var organisation = p.Add(viewer.OrganisationId ?? -1);
                var user = p.Add(viewer.UserId ?? "");
                var draft = viewer.IsEditor
                    ? $"(d.\"CreatorUserId\" = {user} OR d.\"OwnerOrganisationId\" = {organisation})"
                    : $"d.\"CreatorUserId\" = {user}";
                clauses.Add($"(d.\"Visibility\" >= {(int)SearchVisibility.Network}"
                    + $" OR (d.\"Visibility\" = {(int)SearchVisibility.Organisation} AND d.\"OwnerOrganisationId\" = {organisation})"
                    + $" OR (d.\"Visibility\" = {(int)SearchVisibility.Draft} AND {draft}))");
            }
        }

        foreach (var filter in query.Query.Filters)
        {
            clauses.Add($"d.\"Id\" IN (SELECT ff.\"DocumentId\" FROM \"SearchFacets\" ff WHERE ff.\"Facet\" = {p.Add(filter.Facet)} AND ff.\"ValueKey\" = {p.Add(filter.Value.Trim().ToLowerInvariant())})");
        }

        if (query.Query.YearFrom is { } from)
        {
            clauses.Add($"d.\"Year\" >= {p.Add(from)}");
        }

        if (query.Query.YearTo is { } to)
        {
            clauses.Add($"d.\"Year\" <= {p.Add(to)}");
        }

        return clauses.Count == 0 ? "1 = 1" : string.Join(" AND ", clauses);
    }

    protected static string IdList(IEnumerable<long> ids) => string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    protected async Task<DbDataReader> ReaderAsync(string sql, Parameters p, CancellationToken ct)
    {
        // Not disposed here: disposing the command closes its reader; the reader's disposal frees both.
        var command = await CommandAsync(sql, p, ct);
        return await command.ExecuteReaderAsync(ct);
    }

    protected async Task<object?> ScalarAsync(string sql, Parameters p, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, p, ct);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    protected async Task<int> ExecuteAsync(string sql, Parameters p, CancellationToken ct)
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
        Bind(command, p);
        return command;
    }

    /// <summary>Gives a command the parameters' values (null as DBNull).</summary>
    protected static void Bind(DbCommand command, Parameters p)
    {
        foreach (var (name, value) in p.Values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>The best <paramref name="limit"/> visible matches: by the engine's score, or newest first when asked or when there is no text.</summary>
    protected async Task<List<Candidate>> TopAsync(IndexQuery query, string from, string where, string? score, Parameters p, int limit, CancellationToken ct)
    {
        var order = query.ByDate || score is null
            ? "d.\"Date\" DESC NULLS LAST, d.\"Id\" DESC"
            : "s DESC, d.\"Id\"";
        var top = new List<Candidate>();
        await using var reader = await ReaderAsync(
            $"SELECT d.\"Id\", {score ?? "0.0"} AS s FROM {from} WHERE {where} ORDER BY {order} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}", p, ct);
        while (await reader.ReadAsync(ct))
        {
            top.Add(new Candidate(reader.GetInt64(0), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }

        return top;
    }

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

    /// <summary>Numbered parameters (@p0, @p1, ...): every user value reaches the engine as a parameter.</summary>
    protected sealed class Parameters
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
