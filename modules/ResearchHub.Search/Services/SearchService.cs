using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using ResearchHub.Search.Query;

namespace ResearchHub.Search.Services;

public sealed record SearchRequest(string? Query, IReadOnlyList<FacetFilter> Selected, bool ByDate = false, int Page = 1, int PageSize = 20);

public sealed record SearchHit(string Type, string Key, string Title, string Url, string Kind, int? Year, DateTimeOffset? Date, string SnippetHtml);

public sealed record FacetValue(string Value, int Count, bool Selected);

public sealed record FacetGroup(string Key, string Label, IReadOnlyList<FacetValue> Values);

public sealed record SearchResult(
    string Query,
    int Total,
    int Page,
    int PageSize,
    bool ByDate,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<FacetGroup> Facets,
    string? Hint)
{
    public int Pages => Math.Min((Total + PageSize - 1) / PageSize, SearchService.MaxResults / PageSize);
}

/// <summary>
/// Runs a search: parses the query, lets the engine find every visible match (counted, with facets
/// over all of them), then re-ranks the engine's best with two general methods: all query words
/// preferred (coordination) and pseudo-relevance feedback (RM3: words typical of the top documents
/// score the candidates again). Snippets come from the engine, HTML-encoded here.
/// </summary>
public sealed class SearchService(ISearchIndex index, IOptions<SearchOptions> options)
{
    /// <summary>Results beyond this are not paged to: nobody reads them, and the engine need not sort them.</summary>
    public const int MaxResults = 1000;
    private const int MaxFacetValues = 12;

    public async Task<SearchResult> SearchAsync(SearchRequest request, SearchViewer viewer, CancellationToken ct)
    {
        var pageSize = Math.Clamp(request.PageSize, 1, MaxResults);
        var page = Math.Clamp(request.Page, 1, MaxResults / pageSize);
        var parsed = QueryParser.Parse(request.Query);
        parsed = parsed with
        {
            Should = WithoutStopWords(parsed.Should),
            Filters = parsed.Filters.Concat(request.Selected.Where(f => f.Value.Length is > 0 and <= 300)).Distinct().ToList(),
            YearFrom = parsed.YearFrom ?? YearFilter(request.Selected),
            YearTo = parsed.YearTo ?? YearFilter(request.Selected),
        };
        var text = request.Query?.Trim() ?? "";
        if (parsed.IsEmpty)
        {
            var hint = text.Length == 0 ? null : "Add a word to search for: exclusions (-word) and common words like \"the\" find nothing on their own.";
            return new SearchResult(text, 0, page, pageSize, request.ByDate, [], [], hint);
        }

        if (!parsed.HasText && parsed.MustNot.Count > 0)
        {
            return new SearchResult(text, 0, page, pageSize, request.ByDate, [], [], "Add a word to search for beside the words you exclude.");
        }

        var query = new IndexQuery(parsed, viewer, request.ByDate || !parsed.HasText);
        var wanted = page * pageSize;
        var depth = query.ByDate ? wanted : Math.Min(MaxResults, Math.Max(wanted, options.Value.RerankDepth));
        var (candidates, total, facetCounts) = await index.MatchAsync(query, depth, ct);
        var ranked = query.ByDate ? candidates.Select(c => c.Id).ToList() : await RerankAsync(parsed, candidates, ct);
        var pageIds = ranked.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var hits = (await index.HitsAsync(query, pageIds, ct))
            .Select(h => new SearchHit(h.Type, h.Key, h.Title, h.Url, h.Kind, h.Year, h.Date, Highlight(h.Snippet)))
            .ToList();
        var facets = total == 0 ? [] : Group(facetCounts, parsed);
        var nothing = total == 0
            ? parsed.Filters.Count > 0 || parsed.YearFrom is not null
                ? "Nothing matched with these filters: remove a filter, or try other words."
                : "Nothing matched: check the spelling, try fewer or more general words, or end a word with * to find words that begin with it."
            : null;
        return new SearchResult(text, total, page, pageSize, query.ByDate, hits, facets, nothing);
    }

    /// <summary>
    /// The engine's ranking, adjusted: each candidate's score is scaled by the share of the query's
    /// words it contains, then mixed with its score for the words that feedback found typical of
    /// the best candidates. Only the candidates are re-scored, so the cost does not grow with the index.
    /// </summary>
    public async Task<IReadOnlyList<long>> RerankAsync(ParsedQuery parsed, IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        var settings = options.Value;
        if (candidates.Count < 2)
        {
            return candidates.Select(c => c.Id).ToList();
        }

        var ids = candidates.Select(c => c.Id).ToList();
        var maxBase = Math.Max(candidates.Max(c => c.Score), double.Epsilon);
        var scores = candidates.ToDictionary(c => c.Id, c => c.Score / maxBase);

        var words = parsed.PositiveWords().Where(w => !StopWords.Contains(w)).Take(QueryParser.MaxTerms).ToList();
        if (words.Count >= 2 && settings.CoordinationWeight > 0)
        {
            var matched = ids.ToDictionary(id => id, _ => 0);
            foreach (var word in words)
            {
                foreach (var id in await index.ContainingAsync(word, ids, ct))
                {
                    matched[id]++;
                }
            }

            foreach (var id in ids)
            {
                scores[id] *= 1 - settings.CoordinationWeight + settings.CoordinationWeight * matched[id] / words.Count;
            }
        }

        if (settings.FeedbackTerms > 0 && settings.FeedbackWeight > 0 && candidates.Count > settings.FeedbackDocuments)
        {
            var top = scores.OrderByDescending(s => s.Value).Take(settings.FeedbackDocuments).ToList();
            var texts = await index.TextAsync(top.Select(t => t.Key).ToList(), 5_000, ct);
            var expansion = Expansion(top, texts, words, settings.FeedbackTerms);
            if (expansion.Count > 0)
            {
                var feedback = await index.ScoreAsync(expansion, ids, ct);
                var maxFeedback = feedback.Count == 0 ? 0 : feedback.Values.Max();
                if (maxFeedback > 0)
                {
                    foreach (var id in ids)
                    {
                        scores[id] = (1 - settings.FeedbackWeight) * scores[id]
                            + settings.FeedbackWeight * feedback.GetValueOrDefault(id) / maxFeedback;
                    }
                }
            }
        }

        return ids.OrderByDescending(id => scores[id]).ThenBy(ids.IndexOf).ToList();
    }

    /// <summary>
    /// RM3's relevance model: each word's weight is its share of each feedback document's words,
    /// weighted by that document's score; words found in only one document are left out (they are
    /// that document's topic, not the query's). The weights become repetitions (1-3) in the OR query.
    /// </summary>
    private static List<string> Expansion(List<KeyValuePair<long, double>> top, IReadOnlyDictionary<long, string> texts, List<string> original, int count)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var documents = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = top.Sum(t => t.Value);
        foreach (var (id, score) in top)
        {
            if (!texts.TryGetValue(id, out var text))
            {
                continue;
            }

            var tokens = QueryParser.Tokenize(text).Where(w => w.Length >= 3 && !StopWords.Contains(w) && !w.All(char.IsDigit)).ToList();
            if (tokens.Count == 0)
            {
                continue;
            }

            foreach (var group in tokens.GroupBy(w => w))
            {
                weights[group.Key] = weights.GetValueOrDefault(group.Key) + score / total * group.Count() / tokens.Count;
                documents[group.Key] = documents.GetValueOrDefault(group.Key) + 1;
            }
        }

        var chosen = weights.Where(w => documents[w.Key] >= 2 && !original.Contains(w.Key))
            .OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Take(count).ToList();
        if (chosen.Count == 0)
        {
            return [];
        }

        var max = chosen[0].Value;
        return chosen.SelectMany(w => Enumerable.Repeat(w.Key, (int)Math.Ceiling(3 * w.Value / max))).ToList();
    }

    /// <summary>Drops common words from bare words, unless nothing else would be left.</summary>
    private static IReadOnlyList<TermNode> WithoutStopWords(IReadOnlyList<TermNode> words)
    {
        var kept = words.Where(w => w.Prefix || !StopWords.Contains(w.Text)).ToList();
        return kept.Count > 0 ? kept : words;
    }

    private static int? YearFilter(IReadOnlyList<FacetFilter> selected) =>
        selected.Where(f => f.Facet == SearchFacets.Year).Select(f => int.TryParse(f.Value, out var y) ? y : (int?)null).FirstOrDefault();

    private static List<FacetGroup> Group(IReadOnlyList<FacetCount> counts, ParsedQuery parsed) =>
        SearchFacets.All.Select(facet => new FacetGroup(facet.Key, facet.Label, counts.Where(c => c.Facet == facet.Key)
                .OrderByDescending(c => facet.Key == SearchFacets.Year ? 0 : c.Count)
                .ThenByDescending(c => facet.Key == SearchFacets.Year ? c.Value : "")
                .ThenBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
                .Take(MaxFacetValues)
                .Select(c => new FacetValue(c.Value, c.Count, IsSelected(parsed, facet.Key, c.Value)))
                .ToList()))
            .Where(g => g.Values.Count > 0)
            .ToList();

    private static bool IsSelected(ParsedQuery parsed, string facet, string value) => facet == SearchFacets.Year
        ? parsed.YearFrom?.ToString(System.Globalization.CultureInfo.InvariantCulture) == value && parsed.YearTo == parsed.YearFrom
        : parsed.Filters.Any(f => f.Facet == facet && string.Equals(f.Value.Trim(), value, StringComparison.OrdinalIgnoreCase));

    /// <summary>HTML-encodes a snippet and turns the engine's match markers into &lt;mark&gt;: the text itself can never carry markup.</summary>
    public static string Highlight(string snippet)
    {
        var html = new StringBuilder();
        var open = false;
        foreach (var part in snippet.Split([SqlSearchIndex.MarkStart, SqlSearchIndex.MarkEnd]).Select((text, i) => (text, i)))
        {
            if (part.i > 0)
            {
                html.Append(open ? "</mark>" : "<mark>");
                open = !open;
            }

            html.Append(HtmlEncoder.Default.Encode(part.text));
        }

        if (open)
        {
            html.Append("</mark>");
        }

        return html.ToString();
    }
}
