using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>
/// Pseudo-relevance feedback reads the best first results as a sample of the query's topic. In a
/// small collection its ten documents are a large share of everything, the sample is the collection
/// itself, and the expansion words only add noise: there the query's own ranking stands. The same
/// documents among a thousand others do get expanded (the rule is about the collection's size).
/// </summary>
public sealed class FeedbackRuleTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Feedback_is_skipped_in_a_small_collection_and_runs_in_a_large_one(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();
        var (a, b, c, d, drift) = (Word(), Word(), Word(), Word(), Word());
        var query = $"{a} {b} {c} {d}";
        var filler = string.Join(' ', Enumerable.Range(0, 40).Select(i => "remark" + (char)('a' + (i % 26))));
        // Twelve close matches that all also speak of the drift word: feedback's expansion picks it up.
        var documents = Enumerable.Range(0, 12).Select(i => Document("core" + i, $"{a} {b} {c} {d} {drift} {drift}")).ToList();
        // Two of the query's words against one of them among many drift words, in texts of the same length:
        // the query alone prefers the first, the query expanded with the drift word the second.
        documents.Add(Document("plain", $"{a} {b} {filler} {filler[..50]}"));
        documents.Add(Document("drift", $"{a} {drift} {drift} {drift} {drift} {drift} {drift} {drift} {drift} {filler}"));
        await IndexAsync(hub, documents);

        var small = await RankedAsync(hub, query);
        Assert.True(small.IndexOf("plain") < small.IndexOf("drift"), "14 documents: " + string.Join(", ", small));

        // The same documents in a collection of more than a thousand: feedback runs, and the drift word lifts its document.
        for (var batch = 0; batch < 11; batch++)
        {
            await IndexAsync(hub, Enumerable.Range(batch * 100, 100).Select(i => Document("pad" + i, $"Unrelated notes number {i} on {Word()} and {Word()}.")).ToList());
        }

        var large = await RankedAsync(hub, query);
        Assert.True(large.IndexOf("drift") < large.IndexOf("plain"), "1,114 documents: " + string.Join(", ", large));
    }

    private static string Word() => "zf" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private static SearchDocument Document(string key, string body) => new()
    {
        Type = "feedbacktest", Key = key, Title = "Note", Body = body, Url = $"/feedbacktest/{key}", Kind = "Evaluation", Visibility = SearchVisibility.Public,
    };

    private static Task<List<string>> RankedAsync(HubFactory hub, string query) => hub.WithScopeAsync(async sp =>
    {
        var index = sp.GetRequiredService<ISearchIndex>();
        var parsed = new IndexQuery(QueryParser.Parse(query), SearchViewer.Administrator, false);
        var match = await index.MatchAsync(parsed, 100, CancellationToken.None);
        var hits = await index.HitsAsync(parsed, match.Top.Select(h => h.Id).ToList(), CancellationToken.None);
        var keys = hits.ToDictionary(h => h.Id, h => h.Key);
        return match.Top.Select(h => keys[h.Id]).ToList();
    });
}
