using System.Text;
using System.Text.RegularExpressions;
using System.Text.Encodings.Web;
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
    /// <summary>The query with unknown words replaced by the index's nearest ones ("did you mean"), when there are any.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>Whether the results are those of <see cref="DidYouMean"/>, because the query as typed matched nothing.</summary>
    public bool Corrected { get; init; }

    public int Pages => Math.Min((Total + PageSize - 1) / PageSize, SearchService.MaxResults / PageSize);
}

/// <summary>
/// Runs a search: parses the query, lets the engine find and rank every visible match (counted, with
/// facets over all of them; see <see cref="LuceneSearchIndex"/> for the ranking), and takes the page.
/// Snippets come from the engine, HTML-encoded here.
/// </summary>
public sealed class SearchService(ISearchIndex index)
{
    /// <summary>Results beyond this are not paged to: nobody reads them, and the engine need not sort them.</summary>
    public const int MaxResults = 1000;
    private const int MaxFacetValues = 12;

    public async Task<SearchResult> SearchAsync(SearchRequest request, SearchViewer viewer, CancellationToken ct)
    {
        var result = await SearchOnceAsync(request, viewer, ct);
        var words = QueryParser.Parse(request.Query).Should.Where(w => !w.Prefix).Select(w => w.Text).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count == 0)
        {
            return result;
        }

        var suggestions = await index.SuggestAsync(words, ct);
        if (suggestions.Count == 0)
        {
            return result;
        }

        var corrected = Regex.Replace(request.Query!, @"[\p{L}\p{N}]+", m => suggestions.TryGetValue(m.Value.ToLowerInvariant(), out var s) ? s : m.Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        if (result.Total > 0)
        {
            return result with { DidYouMean = corrected };
        }

        // Nothing matched as typed: the results of the nearest words, said so on the page.
        var instead = await SearchOnceAsync(request with { Query = corrected }, viewer, ct);
        return instead.Total == 0
            ? result with { DidYouMean = corrected }
            : instead with { Query = result.Query, DidYouMean = corrected, Corrected = true, Hint = null };
    }

    private async Task<SearchResult> SearchOnceAsync(SearchRequest request, SearchViewer viewer, CancellationToken ct)
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
        var (candidates, total, facetCounts) = await index.MatchAsync(query, page * pageSize, ct);
        var pageIds = candidates.Skip((page - 1) * pageSize).Take(pageSize).Select(c => c.Id).ToList();
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
        foreach (var part in snippet.Split([LuceneSearchIndex.MarkStart, LuceneSearchIndex.MarkEnd]).Select((text, i) => (text, i)))
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
