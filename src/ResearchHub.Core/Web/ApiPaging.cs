using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ResearchHub.Core.Web;

/// <summary>The page of a list an /api/v1 caller asked for, already checked and capped.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;
}

/// <summary>Links to the pages around this one (absolute; prev and next are null at the ends).</summary>
public sealed record PageLinks(string Self, string First, string? Prev, string? Next, string Last);

/// <summary>One page of an /api/v1 list: the items, the total across all pages, and links to walk them.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize, int PageCount, PageLinks Links);

/// <summary>
/// Paging for every /api/v1 list, the same in every module: <c>?page=</c> (from 1) and <c>?pageSize=</c>
/// (from 1, capped per list, so no caller can ask for everything at once), and a body and an RFC 8288
/// <c>Link</c> header with first, prev, next and last. Links keep the caller's other query parameters
/// (filters, the search query) and use the site's canonical address (SiteAddress), never the request's Host.
/// A page past the end is an empty page with links back, not an error.
/// </summary>
public static class ApiPaging
{
    public const int DefaultPageSize = 20;
    public const int DefaultMaxPageSize = 100;

    /// <summary>The page asked for, or a 400 problem naming the parameter when it is not a whole number from 1.</summary>
    public static (PageRequest? Request, ValidationProblem? Error) Read(int? page, int? pageSize, int defaultPageSize = DefaultPageSize, int maxPageSize = DefaultMaxPageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["The page is a whole number from 1."];
        }

        if (pageSize is < 1)
        {
            errors["pageSize"] = [$"The page size is a whole number from 1 (at most {maxPageSize} are returned)."];
        }

        return errors.Count > 0
            ? (null, TypedResults.ValidationProblem(errors))
            : (new PageRequest(page ?? 1, Math.Min(pageSize ?? defaultPageSize, maxPageSize)), null);
    }

    public static int PageCount(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    /// <summary>
    /// One page of an ordered query (the order must be total, ending in a unique key, or rows could
    /// move between pages), mapped to the API's shape, with its Link header set.
    /// </summary>
    public static async Task<Paged<T>> PageAsync<TEntity, T>(HttpContext http, PublicUrls urls, IQueryable<TEntity> ordered, PageRequest request,
        Func<TEntity, T> map, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var rows = await ordered.Skip(request.Skip).Take(request.PageSize).ToListAsync(ct);
        return Page(http, urls, [.. rows.Select(map)], total, request);
    }

    /// <summary>The page as the body to return, with its Link header set on the response.</summary>
    /// <param name="pageCount">When the list stops before its total (search reads at most so many results), its last page.</param>
    public static Paged<T> Page<T>(HttpContext http, PublicUrls urls, IReadOnlyList<T> items, int total, PageRequest request, int? pageCount = null)
    {
        var pages = Math.Max(1, pageCount ?? PageCount(total, request.PageSize));
        return Build(http, urls, items, total, request, pages);
    }

    private static Paged<T> Build<T>(HttpContext http, PublicUrls urls, IReadOnlyList<T> items, int total, PageRequest request, int pageCount)
    {
        string Url(int page) => urls.Absolute(http.Request.Path + WithPage(http.Request.Query, page, request.PageSize));
        var links = new PageLinks(
            Url(request.Page),
            Url(1),
            request.Page > 1 ? Url(Math.Min(request.Page - 1, pageCount)) : null,
            request.Page < pageCount ? Url(request.Page + 1) : null,
            Url(pageCount));

        var header = new List<string> { Link(links.First, "first") };
        if (links.Prev is not null)
        {
            header.Add(Link(links.Prev, "prev"));
        }

        if (links.Next is not null)
        {
            header.Add(Link(links.Next, "next"));
        }

        header.Add(Link(links.Last, "last"));
        http.Response.Headers[HeaderNames.Link] = string.Join(", ", header);
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        return new Paged<T>(items, total, request.Page, request.PageSize, pageCount, links);
    }

    private static string Link(string url, string rel) => $"<{url}>; rel=\"{rel}\"";

    private static string WithPage(IQueryCollection query, int page, int pageSize)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in query)
        {
            if (!string.Equals(key, "page", StringComparison.OrdinalIgnoreCase) && !string.Equals(key, "pageSize", StringComparison.OrdinalIgnoreCase))
            {
                builder.Add(key, (IEnumerable<string>)values.Where(v => v is not null).Select(v => v!).ToArray());
            }
        }

        builder.Add("page", page.ToString(CultureInfo.InvariantCulture));
        builder.Add("pageSize", pageSize.ToString(CultureInfo.InvariantCulture));
        return builder.ToQueryString().Value!;
    }
}
