using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using System.Text.Json;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Search;

internal static class SearchTestHelpers
{
    /// <summary>GET /api/v1/search; asserts a 200 and returns the JSON.</summary>
    public static async Task<JsonElement> ApiAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/search?q=" + Uri.EscapeDataString(query) + "&pageSize=100", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} for {query}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static IReadOnlyList<string> Titles(JsonElement result) =>
        result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();

    public static IReadOnlyList<string> FacetValues(JsonElement result) =>
        result.GetProperty("facets").EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(v => $"{f.Name}:{v.GetProperty("value").GetString()}")).ToList();

    /// <summary>GET /search?q=; asserts a 200 and returns the page's result titles.</summary>
    public static async Task<(HubPage Page, IReadOnlyList<string> Titles)> PageAsync(HttpClient client, string query)
    {
        var page = await client.GetPageAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.True(page.Response.StatusCode == HttpStatusCode.OK, $"{page.Response.StatusCode} for {query}");
        return (page, page.Document.QuerySelectorAll(".search-hit__title a").Select(a => a.TextContent.Trim()).ToList());
    }

    /// <summary>Writes documents straight through the indexer, in one committed transaction.</summary>
    public static Task IndexAsync(HubFactory hub, IReadOnlyList<SearchDocument> documents) => hub.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<HubDbContext>();
        await using var transaction = await UnitOfWork.BeginAsync(db, CancellationToken.None);
        foreach (var document in documents)
        {
            await sp.GetRequiredService<ISearchIndexer>().UpsertAsync(document, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
    });
}
