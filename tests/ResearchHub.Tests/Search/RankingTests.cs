using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>
/// Both engines rank their matches by bm25 with field weights: a word in the title weighs more than
/// the same word deep in a long body, and a rare word more than a common one repeated (PostgreSQL's
/// own ts_rank_cd has no idf, and would put the repetitions first).
/// </summary>
public sealed class RankingTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_word_in_the_title_outranks_the_word_once_in_a_long_body(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var word = Word();
        var filler = string.Join(' ', Enumerable.Range(0, 400).Select(i => "report" + (char)('a' + i % 26)));
        await IndexAsync(hub,
        [
            Document("body", "Annual review", $"{filler} {word} closing remarks"),
            Document("title", $"Review of {word}", "A short note."),
        ]);

        Assert.Equal(["title", "body"], await RankedAsync(hub, word));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_rare_word_outranks_a_common_word_repeated(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var (rare, common) = (Word(), Word());
        var documents = Enumerable.Range(0, 20).Select(i => Document($"filler{i}", "Notes", $"Field notes on {common} and more.")).ToList();
        documents.Add(Document("common", "Notes", $"{common} {common} {common} {common} {common} seen again."));
        documents.Add(Document("rare", "Notes", $"Field notes on {rare} and more."));
        await IndexAsync(hub, documents);

        Assert.Equal("rare", (await RankedAsync(hub, $"{rare} {common}"))[0]);
    }

    private static string Word() => "zq" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private static SearchDocument Document(string key, string title, string body) => new()
    {
        Type = "ranktest", Key = key + Guid.NewGuid().ToString("N")[..6], Title = title, Body = body, Url = $"/ranktest/{key}", Kind = "Evaluation",
        Visibility = SearchVisibility.Public,
    };

    /// <summary>The engine's ranking (before the search service re-ranks), as the documents' keys without their unique suffix.</summary>
    private static Task<List<string>> RankedAsync(HubFactory hub, string query) => hub.WithScopeAsync(async sp =>
    {
        var index = sp.GetRequiredService<ISearchIndex>();
        var match = await index.MatchAsync(new IndexQuery(QueryParser.Parse(query), SearchViewer.Administrator, false), 100, CancellationToken.None);
        var hits = await index.HitsAsync(new IndexQuery(QueryParser.Parse(query), SearchViewer.Administrator, false), match.Top.Select(c => c.Id).ToList(), CancellationToken.None);
        return hits.Select(h => h.Key[..^6]).ToList();
    });
}
