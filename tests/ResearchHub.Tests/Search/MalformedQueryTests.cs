using System.Net;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>The malformed-query list on both providers, through the page and the API: results or "nothing matched", never an error.</summary>
public sealed class MalformedQueryTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    private static readonly string[] Queries =
    [
        "\"unbalanced quote",
        "unbalanced\" quote\"\"",
        "OR",
        "AND",
        "NOT",
        "-",
        "*",
        "-evaluation",
        "evaluation OR",
        "OR evaluation",
        "( evaluation",
        "evaluation )",
        "()",
        "NEAR(evaluation study, 3)",
        "NEAR/2",
        "col:evaluation",
        "title:evaluation",
        "{title summary}: evaluation",
        "^evaluation",
        "evaluation^2",
        "evaluation:*",
        "!!evaluation & | <-> :* ' \\",
        "year:",
        "year:abc",
        "year:2019..",
        "year:..2019",
        "kind:",
        "org:\"",
        "site:\"\"",
        "\u0000\u0001\u0002evaluation\u0003\u001b[0m\t\r\n",
        "évaluation naïve Ångström",
        "🙂 😀 evaluation",
        "\ud800 lone surrogate",
        "%27%22%3B DROP TABLE \"SearchDocuments\"; --",
        "' OR 1=1 --",
        "the of and",
    ];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task No_query_errors_on_the_page_or_the_api(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        await CreateResourceAsync(hub, "Evaluation of Local Area Coordination", null, ResourceVisibility.Public);
        var browser = hub.CreateBrowserClient();
        var api = ApiClient(hub, null);
        var queries = Queries
            .Append(new string('a', 10_000))
            .Append(string.Concat(Enumerable.Repeat("evaluation OR ", 1000)))
            .Append(string.Concat(Enumerable.Repeat("(", 5000)) + "evaluation")
            .Append(string.Concat(Enumerable.Repeat("\"a\" -b c* ", 1000)));
        foreach (var query in queries)
        {
            var result = await ApiAsync(api, query);
            Assert.True(result.GetProperty("total").GetInt32() > 0 || result.GetProperty("hint").GetString() is not null || query.Trim().Length == 0,
                $"no results and no hint for {query}");
            var (page, _) = await PageAsync(browser, query);
            Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        }

        var nothing = await PageAsync(browser, "zzzqqqxxx");
        Assert.Contains("Nothing matched", nothing.Page.Html, StringComparison.Ordinal);
    }
}
