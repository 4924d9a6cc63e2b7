using System.Net;
using ResearchHub.Core.Data;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Web;

/// <summary>Pages of a <see cref="CountedDemoHubs"/> hub and the number of queries each answer ran.</summary>
internal static class CountedPages
{
    /// <summary>The page, which must answer 200.</summary>
    public static async Task<HubPage> GetAsync(HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        return page;
    }

    /// <summary>How many queries the answer ran (0: it came from a cache).</summary>
    public static int Queries(HubPage page) =>
        int.Parse(page.Response.Headers.GetValues(QueryCounter.Header).Single(), System.Globalization.CultureInfo.InvariantCulture);
}
