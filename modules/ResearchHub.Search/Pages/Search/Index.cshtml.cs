using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Search.Api;
using ResearchHub.Search.Services;

namespace ResearchHub.Search.Pages.Search;

/// <summary>/search?q=...&amp;f=kind:Evaluation&amp;sort=date&amp;page=2: everything is in the URL, so a page can be shared and the back button works.</summary>
public sealed class IndexModel(SearchService search, SearchViewerFactory viewers) : PageModel
{
    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "f")]
    public string[] F { get; set; } = [];

    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public SearchResult? Result { get; private set; }

    public bool ByDate => string.Equals(Sort, "date", StringComparison.OrdinalIgnoreCase);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q) && F.Length == 0)
        {
            return;
        }

        var viewer = await viewers.ForAsync(User, ct);
        Result = await search.SearchAsync(new SearchRequest(Q, SearchEndpoints.Selections(F), ByDate, PageNumber), viewer, ct);
    }

    /// <summary>This page's URL for another query, with the same selections and sort.</summary>
    public string LinkFor(string query)
    {
        var q = Q;
        Q = query;
        try
        {
            return Link();
        }
        finally
        {
            Q = q;
        }
    }

    /// <summary>This page's URL with one thing changed: a facet toggled, the sort or the page.</summary>
    public string Link(string? toggle = null, string? sort = null, int page = 1)
    {
        var selected = F.ToList();
        if (toggle is not null && !selected.Remove(toggle))
        {
            selected.Add(toggle);
        }

        var query = new List<KeyValuePair<string, string?>> { new("q", Q ?? "") };
        query.AddRange(selected.Select(s => new KeyValuePair<string, string?>("f", s)));
        var order = sort ?? Sort;
        if (string.Equals(order, "date", StringComparison.OrdinalIgnoreCase))
        {
            query.Add(new("sort", "date"));
        }

        if (page > 1)
        {
            query.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return SearchUrls.Results(query);
    }
}
