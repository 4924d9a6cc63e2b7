using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using FSDirectory = Lucene.Net.Store.FSDirectory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Search;

/// <summary>
/// This node's Lucene index and the record it follows: read-your-writes without the background
/// follower, two nodes on one database, commits out of sequence order on PostgreSQL, a restart after
/// losing uncommitted work, a rebuild beside the live index while searching, multi-select facets.
/// </summary>
public sealed class LuceneIndexTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_write_is_found_by_the_next_search_without_the_background_follower(string provider)
    {
        await using var hub = new HubFactory(provider).WithSetting("Hub:Search:FollowMilliseconds", "3600000");
        await hub.StartAsync();
        var word = Word();
        await SearchTestHelpers.IndexAsync(hub, [Document(word, "a", "Kind A")]);
        Assert.Equal(1, await CountAsync(hub, word));

        await hub.WithScopeAsync(sp => sp.GetRequiredService<ISearchIndexer>().RemoveAsync("lucenetest", "a", CancellationToken.None));
        Assert.Equal(0, await CountAsync(hub, word));
    }

    [Fact]
    public async Task A_change_on_one_node_is_found_on_another_within_two_seconds_on_postgres()
    {
        await using var storage = await HubStorage.CreateAsync("Postgres");
        await using var first = new HubFactory(storage);
        await using var second = new HubFactory(storage);
        await first.StartAsync();
        await second.StartAsync();
        var word = Word();
        await SearchTestHelpers.IndexAsync(first, [Document(word, "a", "Kind A")]);

        // Read on the second node without catching up first: only its follower can have brought the change.
        var watch = Stopwatch.StartNew();
        await Poll.UntilAsync(async () => await CountAsIsAsync(second, word) == 1, "the second node's follower", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the second node found the change after {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.NotEqual(Folder(first), Folder(second)); // one index per node
    }

    /// <summary>
    /// T1 takes a lower sequence number than T2 but commits after it: a follower that kept only the
    /// highest sequence number it had read would never apply T1's change.
    /// </summary>
    [Fact]
    public async Task Changes_committed_out_of_sequence_order_are_all_applied_on_postgres()
    {
        await using var hub = new HubFactory("Postgres");
        await hub.StartAsync();
        var (early, late) = (Word(), Word());
        await using var firstScope = hub.Services.CreateAsyncScope();
        await using var secondScope = hub.Services.CreateAsyncScope();
        var firstDb = firstScope.ServiceProvider.GetRequiredService<HubDbContext>();
        var secondDb = secondScope.ServiceProvider.GetRequiredService<HubDbContext>();

        await using var t1 = await firstDb.Database.BeginTransactionAsync();
        await firstScope.ServiceProvider.GetRequiredService<ISearchIndexer>().UpsertAsync(Document(early, "early", "Kind A"), CancellationToken.None);
        await using (var t2 = await secondDb.Database.BeginTransactionAsync())
        {
            await secondScope.ServiceProvider.GetRequiredService<ISearchIndexer>().UpsertAsync(Document(late, "late", "Kind A"), CancellationToken.None);
            await t2.CommitAsync();
        }

        var sequences = await hub.WithDbAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT c.\"Seq\" AS \"Value\" FROM \"SearchChanges\" c JOIN \"SearchDocuments\" d ON d.\"Id\" = c.\"DocumentId\" WHERE d.\"Type\" = 'lucenetest' AND d.\"Key\" = 'late'").ToListAsync());
        Assert.Equal(1, await CountAsync(hub, late)); // the index has read the log past T1's entry...
        Assert.Equal(0, await CountAsync(hub, early));

        await t1.CommitAsync();
        Assert.Equal(1, await CountAsync(hub, early)); // ...and still applies it once T1 commits
        Assert.Single(sequences);
    }

    /// <summary>
    /// The state a kill -9 leaves: the index folder as last committed, while the node had applied more
    /// (uncommitted in Lucene) and the database moved on. The restarted node follows the log from the
    /// committed mark and ends with exactly the database's documents.
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task After_losing_uncommitted_index_work_a_restart_ends_with_the_databases_documents(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var word = Word();
        string folder;
        var backup = Path.Combine(storage.AppData, "backup");
        await using (var before = new HubFactory(storage).WithSetting("Hub:Search:CommitMilliseconds", "3600000"))
        {
            await before.StartAsync();
            await SearchTestHelpers.IndexAsync(before, Enumerable.Range(0, 30).Select(i => Document(word, "k" + i, "Kind A")).ToList());
            await before.WithScopeAsync(sp => sp.GetRequiredService<ISearchIndex>().OptimizeAsync(CancellationToken.None)); // commits
            folder = Folder(before);
            CopyFolder(folder, backup);

            await SearchTestHelpers.IndexAsync(before, Enumerable.Range(30, 20).Select(i => Document(word, "k" + i, "Kind B")).ToList());
            await before.WithScopeAsync(async sp =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await sp.GetRequiredService<ISearchIndexer>().RemoveAsync("lucenetest", "k" + i, CancellationToken.None);
                }
            });
            Assert.Equal(40, await CountAsync(before, word)); // applied, never committed (commits are an hour apart)
        }

        // What the disk held at the last commit: the work after it is lost, as in a kill -9.
        Directory.Delete(folder, recursive: true); // the stopped hub's index is closed (see the test on stopping)
        CopyFolder(backup, folder);

        await using var after = new HubFactory(storage);
        await after.StartAsync();
        var inIndex = await IdsInIndexAsync(after, word);
        var inDatabase = await after.WithDbAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT \"Id\" AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = 'lucenetest'").ToListAsync());
        Assert.Equal(40, inDatabase.Count);
        Assert.Equal(inDatabase.Order(), inIndex.Order());
    }

    /// <summary>
    /// When the host stops, its index is committed with everything it applied and its writer released
    /// before the stop completes (checked from inside the stop, before the services are disposed):
    /// a stopped hub never writes into its folder afterwards. The index used to be closed only when
    /// the service provider was disposed, which a stopped test host may do later, on another thread
    /// (a folder deleted after a hub's disposal failed now and then with "Directory not empty").
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Stopping_the_host_commits_and_releases_the_index_before_the_stop_completes(string provider)
    {
        await using var hub = new HubFactory(provider).WithSetting("Hub:Search:CommitMilliseconds", "3600000");
        await hub.StartAsync();
        var word = Word();
        await SearchTestHelpers.IndexAsync(hub, Enumerable.Range(0, 5).Select(i => Document(word, "k" + i, "Kind A")).ToList());
        Assert.Equal(5, await CountAsync(hub, word)); // applied; not committed (commits are an hour apart)
        var folder = Folder(hub);
        var term = Term(word);

        (int Committed, bool Locked)? atStop = null;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lifetime = hub.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopped.Register(() =>
        {
            try
            {
                using var directory = FSDirectory.Open(new DirectoryInfo(folder));
                using var reader = DirectoryReader.Open(directory);
                atStop = (new IndexSearcher(reader).Search(term, 100).TotalHits, IndexWriter.IsLocked(directory));
                stopped.TrySetResult();
            }
            catch (Exception e)
            {
                stopped.TrySetException(e);
            }
        });
        lifetime.StopApplication();
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((5, false), atStop);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_rebuild_beside_the_live_index_keeps_search_answering(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();
        var word = Word();
        await SearchTestHelpers.IndexAsync(hub, Enumerable.Range(0, 300).Select(i => Document(word, "k" + i, "Kind A")).ToList());
        var host = hub.Services.GetRequiredService<LuceneIndexHost>();
        var before = Folder(hub);

        using var stop = new CancellationTokenSource();
        var counts = new List<int>();
        var searching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                counts.Add(await CountAsync(hub, word));
            }
        });
        var built = await host.RebuildAsync(CancellationToken.None);
        await Task.Delay(200);
        await stop.CancelAsync();
        await searching;

        Assert.True(built >= 300);
        Assert.NotEqual(before, Folder(hub));
        Assert.False(Directory.Exists(before));
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.Equal(300, c));
        Assert.Equal(300, await CountAsync(hub, word));
    }

    /// <summary>Several values of one facet are alternatives; each facet is counted as if its own selection were removed.</summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Multi_select_facets_or_within_a_facet_and_count_without_their_own_selection(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();
        var word = Word();
        await SearchTestHelpers.IndexAsync(hub,
        [
            Document(word, "a1", "Kind A", "Org X"), Document(word, "a2", "Kind A", "Org Y"),
            Document(word, "b1", "Kind B", "Org X"), Document(word, "c1", "Kind C", "Org Y"), Document(word, "c2", "Kind C", "Org Y"),
        ]);

        var result = await hub.WithScopeAsync(sp => sp.GetRequiredService<SearchService>().SearchAsync(
            new SearchRequest(word, [new FacetFilter(SearchFacets.Kind, "Kind A"), new FacetFilter(SearchFacets.Kind, "kind b")]), SearchViewer.Administrator, CancellationToken.None));
        Assert.Equal(3, result.Total);
        Assert.Equal(["a1", "a2", "b1"], result.Hits.Select(h => h.Key).Order());
        var kinds = result.Facets.Single(f => f.Key == SearchFacets.Kind).Values.ToDictionary(v => v.Value, v => (v.Count, v.Selected));
        Assert.Equal((2, true), kinds["Kind A"]);
        Assert.Equal((1, true), kinds["Kind B"]);
        Assert.Equal((2, false), kinds["Kind C"]); // still offered, with what choosing it would add
        var organisations = result.Facets.Single(f => f.Key == SearchFacets.Organisation).Values.ToDictionary(v => v.Value, v => v.Count);
        Assert.Equal(2, organisations["Org X"]); // other facets count the selected kinds only
        Assert.Equal(1, organisations["Org Y"]);

        // AND across facets.
        var both = await hub.WithScopeAsync(sp => sp.GetRequiredService<SearchService>().SearchAsync(
            new SearchRequest(word, [new FacetFilter(SearchFacets.Kind, "Kind A"), new FacetFilter(SearchFacets.Kind, "Kind C"), new FacetFilter(SearchFacets.Organisation, "Org Y")]),
            SearchViewer.Administrator, CancellationToken.None));
        Assert.Equal(["a2", "c1", "c2"], both.Hits.Select(h => h.Key).Order());
        Assert.Equal(1, both.Facets.Single(f => f.Key == SearchFacets.Organisation).Values.Single(v => v.Value == "Org X").Count); // Org X over kinds A and C: a1
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_misspelt_word_gets_did_you_mean_and_results_of_the_nearest_word(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();
        var word = Word();
        await SearchTestHelpers.IndexAsync(hub, [Document(word, "a", "Kind A") with { Title = $"Loneliness {word}" }]);

        // One letter wrong: nothing matches as typed, so the page shows the nearest word's results and says so.
        var misspelt = word[..^1] + (word[^1] == 'q' ? 'x' : 'q');
        var page = await hub.CreateBrowserClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString("lonliness " + misspelt));
        var suggestion = page.QuerySelector(".search-suggestion")!.TextContent;
        Assert.True(suggestion.Contains($"showing results for “loneliness {word}”", StringComparison.Ordinal), suggestion);
        Assert.Equal([$"Loneliness {word}"], page.QuerySelectorAll(".search-hit__title a").Select(a => a.TextContent.Trim()));

        // Something matches, but one word is unknown: the results stand, with a link to the suggestion.
        var api = await SearchTestHelpers.ApiAsync(hub.CreateClient(), $"{word} lonliness");
        Assert.Equal($"{word} loneliness", api.GetProperty("didYouMean").GetString());
        Assert.False(api.GetProperty("corrected").GetBoolean());
        Assert.Equal(1, api.GetProperty("total").GetInt32());
    }

    private static string Word() => "zl" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private static SearchDocument Document(string word, string key, string kind, string organisation = "Org X") => new()
    {
        Type = "lucenetest", Key = key, Title = $"Document {key} {word}", Body = $"About {word}.", Url = $"/lucenetest/{key}", Kind = kind,
        Organisations = [organisation], Visibility = SearchVisibility.Public,
    };

    private static Task<int> CountAsync(HubFactory hub, string word) => hub.WithScopeAsync(async sp =>
        (await sp.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(word, []), SearchViewer.Administrator, CancellationToken.None)).Total);

    private static Task<int> CountAsIsAsync(HubFactory hub, string word) =>
        hub.Services.GetRequiredService<LuceneIndexHost>().SearchAsIsAsync(s => s.Search(Term(word), 1).TotalHits, CancellationToken.None);

    private static Task<List<long>> IdsInIndexAsync(HubFactory hub, string word) =>
        hub.Services.GetRequiredService<LuceneIndexHost>().SearchAsIsAsync(s =>
        {
            var ids = MultiDocValues.GetNumericValues(s.IndexReader, IndexFields.Id);
            return s.Search(Term(word), 1000).ScoreDocs.Select(d => ids.Get(d.Doc)).ToList();
        }, CancellationToken.None);

    private static TermQuery Term(string word) => new(new Term(IndexFields.All, new HubAnalyzer().Terms(IndexFields.All, word).Single().Term));

    private static string Folder(HubFactory hub) =>
        hub.Services.GetRequiredService<LuceneIndexHost>().DescribeAsync(CancellationToken.None).GetAwaiter().GetResult().Folder;

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            if (Path.GetFileName(file) != "write.lock")
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
            }
        }
    }
}
