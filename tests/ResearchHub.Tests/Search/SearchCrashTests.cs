using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;
using ResearchHub.Tests.Infrastructure;
using FSDirectory = Lucene.Net.Store.FSDirectory;

namespace ResearchHub.Tests.Search;

/// <summary>
/// A hub node run as an operator runs it (the built site in a child process) follows the change log
/// while another node writes, updates and removes documents; it is killed with SIGKILL while it is
/// behind (its last Lucene commit holds fewer of the documents than the database), the writing goes
/// on, and the node is started again on the same index folder: once it has caught up, its index
/// holds exactly the database's documents, with the updated text.
/// </summary>
public sealed class SearchCrashTests
{
    private const int Batches = 24;
    private const int BatchSize = 100;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_node_killed_mid_index_ends_after_restart_with_exactly_the_databases_documents(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var (word, updated) = (Word(), Word());
        var nodeRoot = Path.Combine(storage.AppData, "search"); // the node takes a slot (node-N) in it

        // The writing node keeps its own index elsewhere, so the killed node's folder is the one under App_Data/search.
        await using (var writer = new HubFactory(storage).WithSetting("Hub:Search:IndexPath", Path.Combine(storage.AppData, "writer-search")))
        {
            await writer.StartAsync(); // the database is created and migrated before the node starts

            int committedAtKill, inDatabaseAtKill, batchesAtKill;
            var port = TestEnvironment.FreePort();
            using (var node = StartNode(storage, port))
            {
                var output = new StringBuilder();
                node.OutputDataReceived += (_, e) => Append(output, e.Data);
                node.ErrorDataReceived += (_, e) => Append(output, e.Data);
                node.BeginOutputReadLine();
                node.BeginErrorReadLine();
                using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
                {
                    await Poll.UntilAsync(async () =>
                    {
                        Assert.False(node.HasExited, "the node stopped on its own:\n" + Read(output));
                        try
                        {
                            return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/readyz")) == "ready";
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            return false;
                        }
                    }, "the node to say ready", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));
                }

                // Write until the node has committed part of the documents, then kill it while the writing goes on.
                var batch = 0;
                while (true)
                {
                    await WriteBatchAsync(writer, word, batch++);
                    var committed = Committed(nodeRoot, word);
                    // Writes batched per command outrun the node's commit interval: from the fourth batch on, give it a
                    // few seconds to commit what it has applied before writing more (more batches stay for after the kill).
                    for (var wait = 0; committed == 0 && batch >= 4 && wait < 50; wait++)
                    {
                        await Task.Delay(100);
                        committed = Committed(nodeRoot, word);
                    }

                    if (committed > 0 && batch >= 4)
                    {
                        await WriteBatchAsync(writer, word, batch++); // more for it to be in the middle of
                        node.Kill(); // SIGKILL on Unix: nothing is committed or closed
                        await node.WaitForExitAsync();
                        committedAtKill = Committed(nodeRoot, word);
                        batchesAtKill = batch;
                        break;
                    }

                    Assert.True(batch < Batches, $"the node committed none of {batch * BatchSize} documents ({committed}; {Describe(storage.AppData)}):\n" + Read(output));
                }

                inDatabaseAtKill = batchesAtKill * BatchSize;
            }

            Assert.True(committedAtKill < inDatabaseAtKill, $"the kill came after the node had committed all {inDatabaseAtKill} documents");

            // While the node is down: more documents, text changed on some, some removed (also of those it had committed).
            for (var batch = batchesAtKill; batch < Batches; batch++)
            {
                await WriteBatchAsync(writer, word, batch);
            }

            await writer.WithScopeAsync(async sp =>
            {
                var indexer = sp.GetRequiredService<ISearchIndexer>();
                await using var transaction = await UnitOfWork.BeginAsync(sp.GetRequiredService<HubDbContext>(), CancellationToken.None);
                for (var i = 0; i < 150; i++)
                {
                    await indexer.UpsertAsync(Document($"{word} {updated}", "k" + (i * 7)), CancellationToken.None);
                }

                for (var i = 0; i < 200; i++)
                {
                    await indexer.RemoveAsync("crashtest", "k" + ((i * 11) + 3), CancellationToken.None);
                }

                await transaction.CommitAsync(CancellationToken.None);
            });
        }

        // The restart: a node on the same folder (the only one under App_Data/search), following the log from its last commit.
        await using var restarted = new HubFactory(storage);
        await restarted.StartAsync();
        var host = restarted.Services.GetRequiredService<LuceneIndexHost>();
        var slots = System.IO.Directory.GetDirectories(nodeRoot, "node-*");
        Assert.Single(slots);
        Assert.StartsWith(slots[0] + Path.DirectorySeparatorChar, (await host.DescribeAsync(CancellationToken.None)).Folder, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await host.DescribeAsync(CancellationToken.None)).Lag == 0, "the restarted node to catch up", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));

        var inDatabase = await restarted.WithDbAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT \"Id\" AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = 'crashtest'").ToListAsync());
        var inIndex = await IdsAsync(host, word);
        Assert.Equal((Batches * BatchSize) - 200, inDatabase.Count);
        Assert.Equal(inDatabase.Order(), inIndex.Order());
        Assert.Equal(inIndex.Count, inIndex.Distinct().Count()); // no document twice

        var updatedInDatabase = await restarted.WithDbAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT \"Id\" AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = 'crashtest' AND \"Body\" LIKE {0}", "%" + updated + "%").ToListAsync());
        Assert.NotEmpty(updatedInDatabase);
        Assert.Equal(updatedInDatabase.Order(), (await IdsAsync(host, updated)).Order());
    }

    private static Task WriteBatchAsync(HubFactory writer, string word, int batch) =>
        SearchTestHelpers.IndexAsync(writer, Enumerable.Range(batch * BatchSize, BatchSize).Select(i => Document(word, "k" + i.ToString(CultureInfo.InvariantCulture))).ToList());

    private static SearchDocument Document(string words, string key) => new()
    {
        Type = "crashtest", Key = key, Title = $"Crash document {key}", Body = $"About {words}, one of many written while a node indexes.", Url = $"/crashtest/{key}",
        Kind = "Document", Visibility = SearchVisibility.Public,
    };

    /// <summary>How many documents with the word the node's last Lucene commit holds (-1: no commit yet), read from its folder as the disk has it.</summary>
    private static int Committed(string root, string word)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return -1;
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(root, "g*", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal))
        {
            try
            {
                using var directory = FSDirectory.Open(folder);
                if (!DirectoryReader.IndexExists(directory))
                {
                    continue;
                }

                using var reader = DirectoryReader.Open(directory);
                return new IndexSearcher(reader).Search(Term(word), 1).TotalHits;
            }
            catch (IOException)
            {
                return -1; // a commit being written or files being merged away: read again later
            }
        }

        return -1;
    }

    private static string Describe(string folder) => string.Join(", ", System.IO.Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)));

    private static Task<List<long>> IdsAsync(LuceneIndexHost host, string word) =>
        host.SearchAsIsAsync(s =>
        {
            var ids = MultiDocValues.GetNumericValues(s.IndexReader, IndexFields.Id);
            return s.Search(Term(word), 100_000).ScoreDocs.Select(d => ids.Get(d.Doc)).ToList();
        }, CancellationToken.None);

    private static TermQuery Term(string word) => new(new Term(IndexFields.All, new HubAnalyzer().Terms(IndexFields.All, word).Single().Term));

    private static string Word() => "zc" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    /// <summary>The built site as a node: it follows the log every 200 ms and commits its index every second.</summary>
    private static Process StartNode(HubStorage storage, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(TestEnvironment.RepoRoot, "src", "ResearchHub.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.WebDll);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Urls"] = $"http://127.0.0.1:{port}";
        env["Hub__AppData"] = storage.AppData;
        env["Hub__Database__Provider"] = storage.Provider;
        if (storage.ConnectionString is not null)
        {
            env["Hub__Database__ConnectionString"] = storage.ConnectionString;
        }

        env["Hub__BaseUrl"] = HubFactory.BaseUrl;
        env["Hub__Setup__Recipe"] = "";
        env["Hub__Mail__Transport"] = "Pickup";
        env["Hub__Search__FollowMilliseconds"] = "200";
        env["Hub__Search__CommitMilliseconds"] = "1000";
        env["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
