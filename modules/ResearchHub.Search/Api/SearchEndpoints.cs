using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services;

namespace ResearchHub.Search.Api;

public sealed record SearchHitDto(string Type, string Key, string Title, string Url, string Kind, int? Year, DateTimeOffset? Date, string SnippetHtml);

public sealed record FacetValueDto(string Value, int Count, bool Selected);

public sealed record SearchResponse(
    string Query,
    int Total,
    int Page,
    int PageSize,
    int PageCount,
    PageLinks Links,
    string Sort,
    IReadOnlyList<SearchHitDto> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValueDto>> Facets,
    string? Hint)
{
    /// <summary>The query with unknown words replaced by the index's nearest ones, when there are any.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>Whether the items are those of <see cref="DidYouMean"/>, because the query as typed matched nothing.</summary>
    public bool Corrected { get; init; }
}

/// <summary>/api/v1/search: the search page's features for machines. Anonymous callers search public content.</summary>
public static class SearchEndpoints
{
    public static void MapSearchApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SearchUrls.Api, SearchAsync).WithTags("Search").AcceptsScope(SearchApiScopes.Read)
            .WithName("search").WithSummary("Search everything the caller may see");
    }

    /// <param name="f">Facet selections as facet:value ("kind:Evaluation"), repeatable.</param>
    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(HttpContext http, string? q, string[]? f, string? sort, int? page, int? pageSize,
        SearchViewerFactory viewers, SearchService search, PublicUrls urls, CancellationToken ct)
    {
        // The default scheme is the cookie: a bearer token is asked for explicitly, and one that
        // fails is an error, never a silent downgrade to anonymous.
        var (principal, error) = await ApiScopeEndpoints.OptionalCallerAsync(http, SearchApiScopes.Read);
        var (request, pageError) = ApiPaging.Read(page, pageSize);
        if (error is not null)
        {
            return error;
        }

        if (pageError is not null)
        {
            return pageError;
        }

        var viewer = principal is null ? SearchViewer.Anonymous : await viewers.ForAsync(principal, ct);

        var byDate = string.Equals(sort, "date", StringComparison.OrdinalIgnoreCase);
        var found = await search.SearchAsync(new SearchRequest(q, Selections(f), byDate, request!.Page, request.PageSize), viewer, ct);
        var hits = found.Hits.Select(h => new SearchHitDto(h.Type, h.Key, h.Title, h.Url, h.Kind, h.Year, h.Date, h.SnippetHtml)).ToList();
        // Search reads at most SearchService.MaxResults matches: the last page is the last one it can serve.
        var paged = ApiPaging.Page(http, urls, hits, found.Total, new PageRequest(found.Page, found.PageSize), found.Pages);
        return TypedResults.Ok(new SearchResponse(
            found.Query, found.Total, found.Page, found.PageSize, paged.PageCount, paged.Links, found.ByDate ? "date" : "relevance",
            hits,
            found.Facets.ToDictionary(g => g.Key, g => (IReadOnlyList<FacetValueDto>)g.Values.Select(v => new FacetValueDto(v.Value, v.Count, v.Selected)).ToList()),
            found.Hint) { DidYouMean = found.DidYouMean, Corrected = found.Corrected });
    }

    /// <summary>"facet:value" pairs from the URL; unknown facets and malformed pairs are ignored.</summary>
    public static IReadOnlyList<FacetFilter> Selections(IEnumerable<string?>? values) =>
        (values ?? []).Where(v => v is not null).Select(v => v!.Split(':', 2))
            .Where(p => p.Length == 2 && SearchFacets.All.Any(f => f.Key == p[0]) && p[1].Trim().Length > 0)
            .Select(p => new FacetFilter(p[0], p[1].Trim()))
            .Take(20)
            .ToList();
}
