using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Benchmarks.Infrastructure;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Benchmarks.Verbs;

/// <summary>
/// relevance --collection DIR: a test collection in the uniform layout (docs.smart, queries.smart,
/// qrels.trec; ../shared/eval/README.md) indexed through the real indexer (title as title, text as
/// body), every judged query run through the real search service (top 1,000) as a user would type
/// it, scored with MAP, nDCG@10, P@10 and Recall@100; in the same run the floor: the same documents
/// in a bare Lucene index (same analysis, one field), each query as an OR of its words ranked by plain BM25.
/// </summary>
public static class RelevanceVerb
{
    private const int Depth = 1000;

    public static Command Command()
    {
        var collection = new Option<string>("--collection") { Description = "A folder with docs.smart, queries.smart and qrels.trec.", Required = true };
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL server to use instead of a throwaway cluster." };
        var set = new Option<string[]>("--set") { Description = "A hub setting for this run, key=value (e.g. Hub:Search:FeedbackWeight=0); may be repeated.", AllowMultipleArgumentsPerToken = false };
        var vary = new Option<string[]>("--vary")
        {
            Description = "Also rank with these query-time search settings, e.g. FeedbackWeight=0.3,FeedbackTerms=5 (comma-separated, no section); may be repeated: each is one more row over the same index.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("relevance", "Ranking quality on a test collection, against plain Lucene BM25.") { collection, provider, connection, set, vary };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(collection)!;
            var documents = ReadSmart(Path.Combine(folder, "docs.smart"));
            var queries = ReadSmart(Path.Combine(folder, "queries.smart"));
            var qrels = ReadQrels(Path.Combine(folder, "qrels.trec"));
            var judged = queries.Where(q => qrels.ContainsKey(q.Id)).ToList();
            Report.Progress($"{documents.Count} documents, {judged.Count} judged queries of {queries.Count}");

            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parse.GetValue(set) ?? [])
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    throw new ArgumentException($"--set takes key=value, not '{pair}'.");
                }

                settings[pair[..at]] = pair[(at + 1)..];
            }

            await using var hub = await BenchHub.StartAsync(parse.GetValue(provider)!, parse.GetValue(connection), settings);
            Report.Progress("Indexing through the search indexer");
            foreach (var batch in documents.Chunk(500))
            {
                await using var scope = hub.Scope();
                var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
                var indexer = scope.ServiceProvider.GetRequiredService<ISearchIndexer>();
                await using var transaction = await UnitOfWork.BeginAsync(db, ct);
                foreach (var d in batch)
                {
                    await indexer.UpsertAsync(new SearchDocument
                    {
                        Type = "doc", Key = d.Id, Title = d.Title, Body = d.Text, Url = "/doc/" + d.Id, Kind = "Document", Visibility = SearchVisibility.Public,
                    }, ct);
                }

                await transaction.CommitAsync(ct);
            }

            await using (var scope = hub.Scope())
            {
                await scope.ServiceProvider.GetRequiredService<ISearchIndex>().OptimizeAsync(ct);
            }

            Report.Progress("Running the queries through the search service");
            var hubRuns = await RunAsync(hub, judged, ct);
            var variants = new List<(string Settings, Scores Scores)>();
            var options = hub.Services.GetRequiredService<IOptions<SearchOptions>>().Value;
            foreach (var variant in parse.GetValue(vary) ?? [])
            {
                // The settings object the index reads at every query: changed for one pass, then restored.
                var saved = new List<(PropertyInfo Property, object? Value)>();
                foreach (var pair in variant.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var at = pair.IndexOf('=', StringComparison.Ordinal);
                    var property = at <= 0 ? null : typeof(SearchOptions).GetProperty(pair[..at].Trim());
                    if (property is null)
                    {
                        throw new ArgumentException($"--vary takes SearchOptions properties as Name=value, not '{pair}'.");
                    }

                    saved.Add((property, property.GetValue(options)));
                    property.SetValue(options, Convert.ChangeType(pair[(at + 1)..], property.PropertyType, CultureInfo.InvariantCulture));
                }

                variants.Add((variant, Score(await RunAsync(hub, judged, ct), qrels)));
                foreach (var (property, value) in saved)
                {
                    property.SetValue(options, value);
                }
            }

            Report.Progress("Floor: a bare Lucene index, one field, each query as an OR of its words, plain BM25");
            var floorRuns = Bm25Floor(documents, judged);

            var hubScores = Score(hubRuns, qrels);
            var floorScores = Score(floorRuns, qrels);
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
            Console.WriteLine($"relevance on {name} ({hub.Provider}), {judged.Count} queries, top {Depth}");
            Console.WriteLine("               MAP     nDCG@10  P@10    R@100");
            Console.WriteLine($"  hub          {hubScores}");
            Console.WriteLine($"  Lucene BM25  {floorScores}");
            Console.WriteLine($"  difference   MAP {hubScores.Map - floorScores.Map:+0.000;-0.000}");
            foreach (var (changed, scores) in variants)
            {
                Console.WriteLine($"  vary         {scores}   MAP {scores.Map - floorScores.Map:+0.000;-0.000}  {changed}");
            }
            Report.Result(new
            {
                collection = name,
                provider = hub.Provider,
                queries = judged.Count,
                hub = hubScores.Json(),
                bm25 = floorScores.Json(),
                variants = variants.Select(v => new { settings = v.Settings, scores = v.Scores.Json() }),
            });
            return 0;
        });
        return command;
    }

    private static async Task<Dictionary<string, List<string>>> RunAsync(BenchHub hub, List<Item> queries, CancellationToken ct)
    {
        var runs = new Dictionary<string, List<string>>();
        foreach (var query in queries)
        {
            await using var scope = hub.Scope();
            var search = scope.ServiceProvider.GetRequiredService<SearchService>();
            var result = await search.SearchAsync(new SearchRequest(query.Text, [], PageSize: Depth), SearchViewer.Anonymous, ct);
            runs[query.Id] = result.Hits.Select(h => h.Key).ToList();
        }

        return runs;
    }

    private sealed record Item(string Id, string Title, string Text);

    private sealed record Scores(double Map, double Ndcg10, double P10, double R100)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Map:0.000}   {Ndcg10:0.000}    {P10:0.000}   {R100:0.000}");

        public object Json() => new { map = Math.Round(Map, 4), ndcg10 = Math.Round(Ndcg10, 4), p10 = Math.Round(P10, 4), r100 = Math.Round(R100, 4) };
    }

    /// <summary>The SMART layout: ".I id", then ".T" title and ".W" text lines (other fields are read as text).</summary>
    private static List<Item> ReadSmart(string path)
    {
        var items = new List<Item>();
        string? id = null;
        var title = new StringBuilder();
        var text = new StringBuilder();
        var field = ' ';
        void Flush()
        {
            if (id is not null)
            {
                items.Add(new Item(id, title.ToString().Trim(), text.ToString().Trim()));
            }

            title.Clear();
            text.Clear();
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(".I", StringComparison.Ordinal) && (line.Length == 2 || line[2] == ' '))
            {
                Flush();
                id = line[2..].Trim();
                field = ' ';
            }
            else if (line.Length >= 2 && line[0] == '.' && char.IsLetter(line[1]) && line[2..].Trim().Length == 0)
            {
                field = line[1];
            }
            else
            {
                (field == 'T' ? title : text).Append(line).Append('\n');
            }
        }

        Flush();
        return items;
    }

    private static Dictionary<string, Dictionary<string, int>> ReadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4 || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out var grade) || grade <= 0)
            {
                continue;
            }

            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = [];
            }

            judged[parts[2]] = grade;
        }

        return qrels;
    }

    /// <summary>
    /// Plain Lucene BM25 (k1 1.2, b 0.75) over the same analysis as the hub's index, with each
    /// document's title and text in one "all" field, each query as an OR of its words: what Lucene
    /// gives with nothing of ours around it.
    /// </summary>
    private static Dictionary<string, List<string>> Bm25Floor(List<Item> documents, List<Item> queries)
    {
        var analyzer = new HubAnalyzer();
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(HubAnalyzer.Version, analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var d in documents)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", d.Id, Field.Store.YES),
                    new TextField("all", d.Title, Field.Store.NO),
                    new TextField("all", d.Text, Field.Store.NO),
                });
            }
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        BooleanQuery.MaxClauseCount = 4096;
        var runs = new Dictionary<string, List<string>>();
        foreach (var query in queries)
        {
            var or = new BooleanQuery();
            foreach (var (term, _) in analyzer.Terms("all", query.Text))
            {
                or.Add(new TermQuery(new Term("all", term)), Occur.SHOULD);
            }

            runs[query.Id] = searcher.Search(or, Depth).ScoreDocs.Select(d => searcher.Doc(d.Doc).Get("id")).ToList();
        }

        return runs;
    }

    private static Scores Score(Dictionary<string, List<string>> runs, Dictionary<string, Dictionary<string, int>> qrels)
    {
        double map = 0, ndcg = 0, p10 = 0, r100 = 0;
        foreach (var (query, run) in runs)
        {
            var relevant = qrels[query];
            double hits = 0, precisionSum = 0, dcg = 0;
            for (var i = 0; i < run.Count; i++)
            {
                if (!relevant.TryGetValue(run[i], out var grade))
                {
                    continue;
                }

                hits++;
                precisionSum += hits / (i + 1);
                if (i < 10)
                {
                    dcg += (Math.Pow(2, grade) - 1) / Math.Log2(i + 2);
                    p10 += 0.1 / runs.Count;
                }

                if (i < 100)
                {
                    r100 += 1.0 / relevant.Count / runs.Count;
                }
            }

            var ideal = relevant.Values.OrderDescending().Take(10).Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();
            map += precisionSum / relevant.Count / runs.Count;
            ndcg += (ideal > 0 ? dcg / ideal : 0) / runs.Count;
        }

        return new Scores(map, ndcg, p10, r100);
    }
}
