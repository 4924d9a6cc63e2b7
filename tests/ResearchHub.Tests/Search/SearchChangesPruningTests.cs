using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Search;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Search;

/// <summary>
/// The change log (SearchChanges) is pruned of the entries every node has applied: nodes record how
/// far their committed index reached; a node silent for longer than the horizon is no longer waited
/// for, and when it returns its index, which the log can no longer bring up to date, is built again
/// from the database.
/// </summary>
public sealed class SearchChangesPruningTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_log_keeps_what_a_stopped_node_needs_until_the_horizon_and_that_node_then_rebuilds(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var shared = Word();
        await using var first = new HubFactory(storage);
        await first.StartAsync();
        var second = new HubFactory(storage);
        var secondRunning = true;
        try
        {
            await second.StartAsync();
            var secondFolder = Path.GetDirectoryName(Folder(second))!;

            await SearchTestHelpers.IndexAsync(first, Enumerable.Range(0, 3).Select(i => Document(shared, "k" + i)).ToList());
            // Both nodes apply everything and commit: nothing is left to keep. On PostgreSQL a node's
            // position stops below any transaction still open in the cluster (the snapshot watermark),
            // and tests running beside this one open theirs in other databases of the same cluster: so
            // the nodes apply, commit and prune until the log is empty, within a deadline.
            var left = await PruneUntilEmptyAsync(TimeSpan.FromDays(1), first, second);
            Assert.Equal(0, left);

            secondRunning = false;
            await second.DisposeAsync(); // down: it recorded its position before
            await SearchTestHelpers.IndexAsync(first, Enumerable.Range(3, 3).Select(i => Document(shared, "k" + i)).ToList());
            await first.WithScopeAsync(sp => sp.GetRequiredService<ISearchIndexer>().RemoveAsync("prunetest", "k0", CancellationToken.None));
            await first.WithScopeAsync(sp => sp.GetRequiredService<ISearchIndex>().OptimizeAsync(CancellationToken.None));

            await Host(first).PruneAsync(TimeSpan.FromDays(1), CancellationToken.None);
            Assert.Equal(4, await EntriesAsync(first)); // the stopped node has not applied these: kept

            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await Host(first).PruneAsync(TimeSpan.FromSeconds(1), CancellationToken.None); // the stopped node is past the horizon
            var stillThere = await EntriesAsync(first);
            if (stillThere > 0)
            {
                // On PostgreSQL a transaction open anywhere in the shared test cluster holds the first
                // node's mark (a snapshot's xmin) below these entries for a while: that call may delete
                // none, and the nodes prune again until the entries go. Only the first node counts now.
                stillThere = await PruneUntilEmptyAsync(TimeSpan.FromSeconds(1), first);
            }

            // The stopped node applied none of the four entries: the log emptied only because it is
            // past the horizon and no longer held back for it.
            Assert.Equal(0, stillThere);

            // The stopped node returns to its folder; the log no longer holds what it missed, so it builds its index from the rows.
            await using var returned = new HubFactory(storage);
            await returned.StartAsync();
            Assert.Equal(secondFolder, Path.GetDirectoryName(Folder(returned)));
            var inDatabase = await returned.WithDbAsync(db => db.Database.SqlQueryRaw<long>(
                "SELECT \"Id\" AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = 'prunetest'").ToListAsync());
            Assert.Equal(5, inDatabase.Count);
            Assert.Equal(inDatabase.Order(), (await IdsInIndexAsync(returned, shared)).Order());
        }
        finally
        {
            if (secondRunning)
            {
                await second.DisposeAsync();
            }
        }
    }

    /// <summary>Applies, commits and prunes on each node until the log is empty or 60 s have gone; returns the entries left.</summary>
    private static async Task<int> PruneUntilEmptyAsync(TimeSpan horizon, params HubFactory[] nodes)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // a timeout, not a date: the wall clock's day plays no part
        while (true)
        {
            foreach (var node in nodes)
            {
                await node.WithScopeAsync(sp => sp.GetRequiredService<ISearchIndex>().OptimizeAsync(CancellationToken.None));
            }

            foreach (var node in nodes)
            {
                await Host(node).PruneAsync(horizon, CancellationToken.None);
            }

            var left = await EntriesAsync(nodes[0]);
            if (left == 0 || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                return left;
            }

            await Task.Delay(250);
        }
    }

    private static LuceneIndexHost Host(HubFactory hub) => hub.Services.GetRequiredService<LuceneIndexHost>();

    private static Task<int> EntriesAsync(HubFactory hub) => hub.WithDbAsync(db => db.Database.SqlQueryRaw<int>(
        "SELECT CAST(count(*) AS integer) AS \"Value\" FROM \"SearchChanges\"").SingleAsync());

    private static string Word() => "zp" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private static SearchDocument Document(string word, string key) => new()
    {
        Type = "prunetest", Key = key, Title = $"Document {key} {word}", Body = $"About {word}.", Url = $"/prunetest/{key}", Kind = "Kind A",
        Visibility = SearchVisibility.Public,
    };

    private static Task<List<long>> IdsInIndexAsync(HubFactory hub, string word) =>
        Host(hub).SearchAsIsAsync(s =>
        {
            var ids = MultiDocValues.GetNumericValues(s.IndexReader, IndexFields.Id);
            var term = new TermQuery(new Term(IndexFields.All, new HubAnalyzer().Terms(IndexFields.All, word).Single().Term));
            return s.Search(term, 1000).ScoreDocs.Select(d => ids.Get(d.Doc)).ToList();
        }, CancellationToken.None);

    private static string Folder(HubFactory hub) =>
        Host(hub).DescribeAsync(CancellationToken.None).GetAwaiter().GetResult().Folder;
}
