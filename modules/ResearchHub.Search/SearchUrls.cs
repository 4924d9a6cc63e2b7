using Microsoft.AspNetCore.WebUtilities;

namespace ResearchHub.Search;

/// <summary>The module's addresses, in one place for menus, the page's links and the API.</summary>
public static class SearchUrls
{
    public const string Page = "/search";
    public const string Admin = "/admin/search";
    public const string Api = "/api/v1/search";

    /// <summary>The search page for these query values (q, filters, page).</summary>
    public static string Results(IEnumerable<KeyValuePair<string, string?>> query) => QueryHelpers.AddQueryString(Page, query);
}
