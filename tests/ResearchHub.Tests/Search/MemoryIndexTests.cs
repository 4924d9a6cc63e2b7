using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Memory;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>
/// SQLite answers searches from in-memory postings: they must match exactly what FTS5 matches (the
/// same documents, counts and facets for every viewer, and bm25 scores as FTS5 computes them), follow
/// every committed write at once, and leave to FTS5 what they cannot answer.
/// </summary>
public sealed class MemoryIndexTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    private static readonly string[] Kinds = ["Evaluation", "Methodology", "Toolkit"];

    [Fact]
    public async Task The_postings_match_count_facet_and_score_as_FTS5_does_for_every_viewer()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var words = Vocabulary("m" + Guid.NewGuid().ToString("N")[..5], 40);
        var random = new Random(7);
        var documents = Enumerable.Range(0, 300).Select(i => Document(i, words, random)).ToList();
        await IndexAsync(hub, documents);

        var w = words;
        var queries = new List<string>
        {
            w[0], w[5], w[39], $"{w[1]} {w[2]}", $"{w[3]} {w[4]} {w[30]}", $"\"{w[0]} {w[1]}\"", $"\"{w[2]} {w[3]}\" {w[7]}",
            $"{w[0]} -{w[1]}", $"{w[6]} -\"{w[8]} {w[9]}\"", $"({w[10]} OR {w[11]}) {w[12]}", $"{w[13]} OR {w[14]}",
            $"{w[15]} kind:evaluation", $"{w[16]} {w[17]} org:\"Organisation 2\"", $"{w[18]} year:2016..2019", $"{w[19]} year:2020",
            $"kind:toolkit org:\"Organisation 1\"", $"{w[20]} ({w[21]} {w[22]})", $"{w[0]} nosuchword{w[0]}",
        };
        SearchViewer[] viewers =
        [
            SearchViewer.Anonymous,
            new(true, "member-1", 1, false, false),
            new(true, "creator-2", 2, false, false),
            new(true, "editor-2", 2, false, true),
            new(true, "outsider", null, false, false) { Audiences = ["group:a"] },
            SearchViewer.Administrator,
        ];

        var compared = 0;
        await hub.WithScopeAsync(async sp =>
        {
            var (memory, engine) = Indexes(sp);
            await memory.OptimizeAsync(CancellationToken.None);
            foreach (var text in queries)
            {
                foreach (var viewer in viewers)
                {
                    foreach (var (byDate, optional) in new[] { (false, true), (false, false), (true, true) })
                    {
                        var parsed = QueryParser.Parse(text);
                        var query = new IndexQuery(parsed, viewer, byDate || !parsed.HasText) { WordsOptional = optional };
                        var fromMemory = await memory.MatchAsync(query, 1000, CancellationToken.None);
                        Assert.True(memory.AnsweredFromMemory, $"'{text}' was not answered from memory");
                        var fromEngine = await engine.MatchAsync(query, 1000, CancellationToken.None);
                        Assert.False(engine.AnsweredFromMemory);

                        var label = $"'{text}' for {viewer.UserId ?? (viewer.SignedIn ? "admin" : "anonymous")}, by date {byDate}, optional {optional}";
                        Assert.True(fromEngine.Total == fromMemory.Total, $"{label}: total {fromMemory.Total}, FTS5 {fromEngine.Total}");
                        Assert.Equal(Facets(fromEngine), Facets(fromMemory));
                        Assert.Equal(fromEngine.Top.Select(c => c.Id).Order(), fromMemory.Top.Select(c => c.Id).Order());
                        if (query.ByDate)
                        {
                            Assert.Equal(fromEngine.Top.Select(c => c.Id), fromMemory.Top.Select(c => c.Id));
                        }
                        else if (!text.Contains('"', StringComparison.Ordinal))
                        {
                            // FTS5 scores a phrase as one unit and the postings score its words, so only phrase-free queries compare scores.
                            var scores = fromMemory.Top.ToDictionary(c => c.Id, c => c.Score);
                            foreach (var candidate in fromEngine.Top)
                            {
                                Assert.True(Math.Abs(candidate.Score - scores[candidate.Id]) < 1e-9 * Math.Max(1, candidate.Score),
                                    $"{label}: document {candidate.Id} scores {scores[candidate.Id]}, FTS5 {candidate.Score}");
                            }
                        }

                        compared += fromMemory.Total;
                    }
                }
            }
        });

        Assert.True(compared > 1000, $"the queries matched too little to compare ({compared})");
    }

    [Fact]
    public async Task The_postings_follow_every_committed_write_at_once_and_never_a_rolled_back_one()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var words = Vocabulary("f" + Guid.NewGuid().ToString("N")[..5], 4);
        await IndexAsync(hub, [Plain("follow", $"First {words[0]}", SearchVisibility.Public)]);

        Task<IndexMatch> FindAsync(string text) => hub.WithScopeAsync(async sp =>
        {
            var (memory, _) = Indexes(sp);
            var match = await memory.MatchAsync(new IndexQuery(QueryParser.Parse(text), SearchViewer.Anonymous, false), 10, CancellationToken.None);
            Assert.True(memory.AnsweredFromMemory);
            return match;
        });

        Assert.Equal(1, (await FindAsync(words[0])).Total);

        // Edited in another scope (as another request or a CLI verb would): the next search sees the new words only.
        await IndexAsync(hub, [Plain("follow", $"Second {words[1]}", SearchVisibility.Public)]);
        Assert.Equal(0, (await FindAsync(words[0])).Total);
        Assert.Equal(1, (await FindAsync(words[1])).Total);

        // Made a draft: gone for anonymous callers.
        await IndexAsync(hub, [Plain("follow", $"Second {words[1]}", SearchVisibility.Draft)]);
        Assert.Equal(0, (await FindAsync(words[1])).Total);

        // Rolled back: nothing of it reaches the postings.
        await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            await using var transaction = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            await sp.GetRequiredService<ISearchIndexer>().UpsertAsync(
                Plain("rolled-back", $"Never {words[2]}", SearchVisibility.Public), CancellationToken.None);
            // Disposed without a commit: rolled back.
        });
        Assert.Equal(0, (await FindAsync(words[2])).Total);

        // Removed.
        await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            await using var transaction = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            await sp.GetRequiredService<ISearchIndexer>().RemoveAsync("memtest", "follow", CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        });
        Assert.Equal(0, await hub.WithScopeAsync(async sp =>
        {
            var (memory, _) = Indexes(sp);
            var match = await memory.MatchAsync(new IndexQuery(QueryParser.Parse(words[1]), SearchViewer.Administrator, false), 10, CancellationToken.None);
            Assert.True(memory.AnsweredFromMemory);
            return match.Total;
        }));
    }

    [Fact]
    public async Task Inside_a_transaction_and_for_words_the_postings_lack_FTS5_answers()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var words = Vocabulary("p" + Guid.NewGuid().ToString("N")[..5], 2);
        await IndexAsync(hub, [Plain("prefix", $"Prefixed {words[0]}extra", SearchVisibility.Public)]);

        await hub.WithScopeAsync(async sp =>
        {
            var (memory, _) = Indexes(sp);
            await memory.OptimizeAsync(CancellationToken.None);

            // A word typed with *: FTS5 lists the terms it begins.
            var prefixed = await memory.MatchAsync(new IndexQuery(QueryParser.Parse(words[0] + "*"), SearchViewer.Anonymous, false), 10, CancellationToken.None);
            Assert.False(memory.AnsweredFromMemory);
            Assert.Equal(1, prefixed.Total);

            // Only common words: the postings leave them out.
            await memory.MatchAsync(new IndexQuery(QueryParser.Parse("the"), SearchViewer.Anonymous, false), 10, CancellationToken.None);
            Assert.False(memory.AnsweredFromMemory);

            // Inside a transaction its own writes must be seen, and only FTS5 sees them.
            var db = sp.GetRequiredService<HubDbContext>();
            await using var transaction = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            await sp.GetRequiredService<ISearchIndexer>().UpsertAsync(
                Plain("inside", $"Inside {words[1]}", SearchVisibility.Public), CancellationToken.None);
            var inside = await memory.MatchAsync(new IndexQuery(QueryParser.Parse(words[1]), SearchViewer.Anonymous, false), 10, CancellationToken.None);
            Assert.False(memory.AnsweredFromMemory);
            Assert.Equal(1, inside.Total); // rolled back when disposed
        });
    }

    private static (SqliteSearchIndex Memory, SqliteSearchIndex Engine) Indexes(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<HubDbContext>();
        var statistics = sp.GetRequiredService<SqliteTermStatistics>();
        var host = sp.GetRequiredService<MemoryIndexHost>();
        var logger = sp.GetRequiredService<ILogger<SqliteSearchIndex>>();
        return (new SqliteSearchIndex(db, statistics, host, Options.Create(new SearchOptions { MemoryIndex = true }), logger),
            new SqliteSearchIndex(db, statistics, host, Options.Create(new SearchOptions { MemoryIndex = false }), logger));
    }

    private static List<string> Facets(IndexMatch match) =>
        match.Facets.Select(f => $"{f.Facet}={f.Value}:{f.Count}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Made-up words no other test uses, so the matches are this test's documents.</summary>
    private static List<string> Vocabulary(string stem, int count) =>
        Enumerable.Range(0, count).Select(i => stem + (char)('a' + i % 26) + (char)('a' + i / 26) + "x").ToList();

    private static SearchDocument Plain(string key, string title, SearchVisibility visibility) => new()
    {
        Type = "memtest", Key = key, Title = title, Url = $"/memtest/{key}", Kind = "Evaluation", Visibility = visibility, OwnerOrganisationId = 1,
    };

    private static SearchDocument Document(int i, IReadOnlyList<string> words, Random random)
    {
        // Skewed word choice so that some words are frequent and some rare, as in real text; common words between them.
        string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(j =>
            j % 3 == 2 ? "the" : words[(int)Math.Min(words.Count - 1, Math.Exp(random.NextDouble() * Math.Log(words.Count)) - 1)]));
        var year = 2014 + random.Next(8);
        return new SearchDocument
        {
            Type = "memtest",
            Key = i.ToString(CultureInfo.InvariantCulture),
            Title = Text(random.Next(2, 6)),
            Summary = Text(random.Next(5, 20)),
            Body = Text(random.Next(20, 80)),
            FileText = random.Next(3) == 0 ? Text(random.Next(20, 60)) : "",
            Extra = $"Author {random.Next(5)}",
            Url = $"/memtest/{i}",
            Kind = Kinds[random.Next(Kinds.Length)],
            Organisations = [$"Organisation {random.Next(3)}"],
            Methods = random.Next(2) == 0 ? ["Interviews"] : [],
            Year = year,
            Date = new DateTimeOffset(year, 1 + random.Next(12), 1 + random.Next(28), 0, 0, 0, TimeSpan.Zero),
            Visibility = (SearchVisibility)random.Next(4),
            OwnerOrganisationId = random.Next(4) == 0 ? null : random.Next(1, 4),
            CreatorUserId = random.Next(3) == 0 ? "creator-2" : null,
            Audience = random.Next(6) == 0 ? (random.Next(2) == 0 ? "group:a" : "group:b") : null,
        };
    }
}
