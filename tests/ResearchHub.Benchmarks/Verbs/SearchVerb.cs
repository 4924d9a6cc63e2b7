using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Benchmarks.Infrastructure;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Benchmarks.Verbs;

/// <summary>
/// search --docs N --queries M: a deterministic synthetic corpus (Zipf-distributed vocabulary,
/// realistic field sizes, metadata spread over organisations, sites and years) indexed through the
/// real indexer, then a fixed mix of queries through the real search service (facets, snippets, a
/// page of 20, as a signed-in member), against the floor: the bare Lucene top-10 for the same words on
/// the same index; then a restart on the same data, timed to its first answer.
/// </summary>
public static class SearchVerb
{
    private const int Vocabulary = 50_000;

    public static Command Command()
    {
        var docs = new Option<int>("--docs") { Description = "How many documents.", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "How many queries.", DefaultValueFactory = _ => 1000 };
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL server to use instead of a throwaway cluster." };
        var command = new Command("search", "Search latency and indexing rate on a synthetic corpus, against the bare engine.") { docs, queries, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(docs);
            var m = parse.GetValue(queries);
            await using var hub = await BenchHub.StartAsync(parse.GetValue(provider)!, parse.GetValue(connection));
            var corpus = new Corpus(42);
            Report.Memory("after start");

            Report.Progress($"Indexing {n} documents through the search indexer");
            var stopwatch = Stopwatch.StartNew();
            for (var start = 0; start < n; start += 1000)
            {
                var batch = Enumerable.Range(start, Math.Min(1000, n - start)).Select(corpus.Document).ToList();
                await using var scope = hub.Scope();
                var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
                var indexer = scope.ServiceProvider.GetRequiredService<ISearchIndexer>();
                await using var transaction = await UnitOfWork.BeginAsync(db, ct);
                foreach (var document in batch)
                {
                    await indexer.UpsertAsync(document, ct);
                }

                await transaction.CommitAsync(ct);
                if ((start / 1000) % 10 == 9)
                {
                    Report.Progress($"indexed {start + batch.Count}/{n} ({(start + batch.Count) / stopwatch.Elapsed.TotalSeconds:0} docs/s)");
                    Report.Memory($"at {start + batch.Count}");
                }
            }

            var written = stopwatch.Elapsed;
            await using (var scope = hub.Scope())
            {
                // The index follows the record through the change log: indexing is done when it has caught up and committed.
                await scope.ServiceProvider.GetRequiredService<ISearchIndex>().OptimizeAsync(ct);
            }

            var indexRate = n / stopwatch.Elapsed.TotalSeconds;
            Report.Progress($"Indexing: {written.TotalSeconds:0.0} s writing the record, {stopwatch.Elapsed.TotalSeconds - written.TotalSeconds:0.0} s for the index to catch up after the last write");
            Report.Progress($"Indexed {n} documents into the record and this node's Lucene index: {indexRate:0} docs/s (managed heap after a full collection: {GC.GetTotalMemory(true) / 1048576.0:0} MB)");

            Report.Memory("after indexing");
            var texts = Enumerable.Range(0, m).Select(corpus.Query).ToList();
            var viewer = new SearchViewer(true, "bench-member", 1, false, false);

            Report.Progress($"Running {m} queries through the search service (page of 20, facets, snippets), each followed by the bare Lucene top-10 for its words");
            var hubTimes = new List<double>();
            var engineTimes = new List<double>();
            // Each query in its own scope, as each request has its own: nothing carries over but what the services cache.
            async Task<SearchResult> SearchAsync(string query)
            {
                await using var scope = hub.Scope();
                return await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(query, []), viewer, ct);
            }

            var host = hub.Services.GetRequiredService<LuceneIndexHost>();
            async Task<double> EngineAsync(QueryText text)
            {
                var or = BareQuery(text.Words);
                var watch = Stopwatch.StartNew();
                await host.SearchAsIsAsync(searcher => searcher.Search(or, 10), ct);
                return watch.Elapsed.TotalMilliseconds;
            }

            // The hub and the floor (the bare Lucene top-10 for the same words, on the same index) take
            // turns, query by query: both run under the same conditions (the machine's other load,
            // background merges), so their ratio compares them and not the moments.
            // Warm-up: the whole mix once, untimed, for both alike. After only 50 queries the tiered
            // compiler was still at work on the hub's longer code paths (feedback, facets, snippets),
            // so the timed loop partly measured the compiler rather than the search (a measurement
            // fix: both sides get the same warm-up, and each query is still timed the same way).
            Report.Progress($"Warm-up: the {m} queries once, untimed, through the hub and the bare engine alike");
            foreach (var text in texts)
            {
                await SearchAsync(text.Query);
                await EngineAsync(text);
            }

            long results = 0;
            foreach (var text in texts)
            {
                var watch = Stopwatch.StartNew();
                var result = await SearchAsync(text.Query);
                hubTimes.Add(watch.Elapsed.TotalMilliseconds);
                results += result.Total;
                engineTimes.Add(await EngineAsync(text));
            }

            Report.Progress($"Done, mean results per query {results / (double)m:0}");
            Report.Memory("after the queries");
            await BreakdownAsync(hub, host, texts.Take(Math.Min(m, 300)).ToList(), viewer, ct);

            Report.Progress("Restart: a new host on the same data and index, timed from start to its first search's answer");
            // From the new host's start: the old one's stop (committing, closing) is timed apart.
            var restartWatch = Stopwatch.StartNew();
            double restartSeconds;
            await using (var restarted = await hub.RestartAsync())
            {
                var started = restartWatch.Elapsed.TotalSeconds - restarted.StoppedIn.TotalSeconds;
                await using var scope = restarted.Scope();
                await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(texts[0].Query, []), viewer, ct);
                restartSeconds = restartWatch.Elapsed.TotalSeconds - restarted.StoppedIn.TotalSeconds;
                Report.Memory("after the restart's first search");
                Report.Progress($"Restart: the old host stopped in {restarted.StoppedIn.TotalSeconds:0.00} s; the new one started in {started:0.00} s and answered its first search {restartSeconds - started:0.00} s later");
            }

            double P(List<double> times, double p) => Math.Round(times.Order().ElementAt(Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)), 2);
            Console.WriteLine($"search on {hub.Provider}, {n} documents, {m} queries");
            Report.Table(
                ("indexing docs/s", Math.Round(indexRate, 0)),
                ("hub p50 ms", P(hubTimes, 0.50)),
                ("hub p95 ms", P(hubTimes, 0.95)),
                ("hub p99 ms", P(hubTimes, 0.99)),
                ("engine p50 ms", P(engineTimes, 0.50)),
                ("engine p95 ms", P(engineTimes, 0.95)),
                ("ratio p95", Math.Round(P(hubTimes, 0.95) / P(engineTimes, 0.95), 2)),
                ("restart to first answer s", Math.Round(restartSeconds, 2)),
                ("peak MB", Report.PeakMemoryMb()));
            Report.Result(new
            {
                provider = hub.Provider,
                docs = n,
                index_docs_per_s = Math.Round(indexRate, 0),
                p50_ms = P(hubTimes, 0.50),
                p95_ms = P(hubTimes, 0.95),
                p99_ms = P(hubTimes, 0.99),
                engine_p95_ms = P(engineTimes, 0.95),
                ratio_p95 = Math.Round(P(hubTimes, 0.95) / P(engineTimes, 0.95), 2),
                restart_first_search_s = Math.Round(restartSeconds, 2),
                peak_mb = Report.PeakMemoryMb(),
            });
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Where a search's time goes, query by query: reading the change log, matching (ranking, counting
    /// and facets), the page's hits with snippets, and the did-you-mean lookup, each timed alone.
    /// </summary>
    private static async Task BreakdownAsync(BenchHub hub, LuceneIndexHost host, List<QueryText> texts, SearchViewer viewer, CancellationToken ct)
    {
        var parts = new Dictionary<string, List<double>> { ["service"] = [], ["log check"] = [], ["match"] = [], ["match, 4 words (feedback)"] = [], ["match, 4 words, feedback off"] = [], ["hits+snippets"] = [], ["did-you-mean"] = [],
            ["layer: bare words top-10"] = [], ["layer: hub query, visible, top-20"] = [], ["layer: + facets over all matches"] = [] };
        foreach (var text in texts)
        {
            await using var scope = hub.Scope();
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            var parsed = ResearchHub.Search.Query.QueryParser.Parse(text.Query);
            var query = new IndexQuery(parsed, viewer, false);
            var watch = Stopwatch.StartNew();
            await using (var own = hub.Scope())
            {
                await own.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(text.Query, []), viewer, ct);
            }

            parts["service"].Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await host.SearchAsync(_ => 0, ct);
            parts["log check"].Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var match = await index.MatchAsync(query, 20, ct);
            parts[text.Words.Count >= 4 ? "match, 4 words (feedback)" : "match"].Add(watch.Elapsed.TotalMilliseconds);
            if (text.Words.Count >= 4)
            {
                // The same match without feedback: what the second retrieval costs.
                var settings = scope.ServiceProvider.GetRequiredService<IOptions<ResearchHub.Search.SearchOptions>>().Value;
                var plain = new LuceneSearchIndex(scope.ServiceProvider.GetRequiredService<HubDbContext>(), host, scope.ServiceProvider.GetRequiredService<SearchWriteInterceptor>(),
                    Options.Create(new ResearchHub.Search.SearchOptions { TitleBoost = settings.TitleBoost, FeedbackWeight = 0 }));
                watch.Restart();
                await plain.MatchAsync(query, 20, ct);
                parts["match, 4 words, feedback off"].Add(watch.Elapsed.TotalMilliseconds);
            }

            watch.Restart();
            await index.HitsAsync(query, match.Top.Select(c => c.Id).ToList(), ct);
            parts["hits+snippets"].Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await index.SuggestAsync(parsed.Should.Select(w => w.Text).ToList(), ct);
            parts["did-you-mean"].Add(watch.Elapsed.TotalMilliseconds);

            // The match's layers, each on the same searcher: the bare words' top 10, the hub's text
            // query within the viewer's restriction (the page's top 20), and the same with every
            // match's facets counted (what the match does before feedback and the selections' own counts).
            var compiler = new QueryCompiler(Analyzer, hub.Services.GetRequiredService<IOptions<ResearchHub.Search.SearchOptions>>().Value.TitleBoost);
            if (compiler.Text(parsed, true) is not { } main)
            {
                continue;
            }

            var restriction = host.Restrictions.For(QueryCompiler.Access(viewer), QueryCompiler.Filters(parsed));
            var bare = BareQuery(text.Words);
            await host.SearchAsIsAsync(searcher =>
            {
                var layer = Stopwatch.StartNew();
                searcher.Search(bare, 10);
                parts["layer: bare words top-10"].Add(layer.Elapsed.TotalMilliseconds);
                layer.Restart();
                RestrictionCache.Search(searcher, main, restriction, TopScoreDocCollector.Create(20, false));
                parts["layer: hub query, visible, top-20"].Add(layer.Elapsed.TotalMilliseconds);
                layer.Restart();
                RestrictionCache.Search(searcher, main, restriction, MultiCollector.Wrap(TopScoreDocCollector.Create(20, false), new FacetCollector(IndexFields.Facets)));
                parts["layer: + facets over all matches"].Add(layer.Elapsed.TotalMilliseconds);
                return 0;
            }, ct);
        }

        foreach (var (name, times) in parts)
        {
            if (times.Count == 0)
            {
                // A small sample may hold no query of a kind (no 4-word query below a few dozen queries).
                Report.Progress($"Breakdown {name}: no such query in the sample");
                continue;
            }

            times.Sort();
            Report.Progress($"Breakdown {name}: p50 {times[times.Count / 2]:0.00} ms, p95 {times[(int)(times.Count * 0.95)]:0.00} ms, mean {times.Average():0.00} ms");
        }
    }

    private static readonly HubAnalyzer Analyzer = new();

    /// <summary>The floor's query: each word as analysed, an OR of them on the one text field.</summary>
    private static BooleanQuery BareQuery(IReadOnlyList<string> words)
    {
        var or = new BooleanQuery();
        foreach (var word in words)
        {
            foreach (var (term, _) in Analyzer.Terms(IndexFields.All, word))
            {
                or.Add(new TermQuery(new Term(IndexFields.All, term)), Occur.SHOULD);
            }
        }

        return or;
    }

    private sealed record QueryText(string Query, IReadOnlyList<string> Words);

    /// <summary>Deterministic documents and queries: Zipf(1.0) over a made-up vocabulary; the same seed gives the same corpus.</summary>
    private sealed class Corpus
    {
        private static readonly string[] Kinds = ["Evaluation", "Methodology", "Toolkit", "Case study", "Learning report", "Literature reference", "Data source", "Correspondence", "Story-coding scheme"];
        private readonly string[] _words;
        private readonly double[] _cumulative;
        private readonly int _seed;
        private readonly int _contentStart;

        public Corpus(int seed)
        {
            _seed = seed;
            var random = new Random(seed);
            const string consonants = "bcdfghjklmnprstvwz";
            const string vowels = "aeiou";
            // As in English text, the most frequent words are the function words; the made-up words follow.
            var words = StopWords.All.Order(StringComparer.Ordinal).ToList();
            var seen = new HashSet<string>(words, StringComparer.Ordinal);
            _contentStart = words.Count;
            while (words.Count < Vocabulary)
            {
                var builder = new StringBuilder();
                var syllables = random.Next(1, 4);
                for (var s = 0; s < syllables; s++)
                {
                    builder.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
                    if (random.Next(3) == 0)
                    {
                        builder.Append(consonants[random.Next(consonants.Length)]);
                    }
                }

                if (seen.Add(builder.ToString()))
                {
                    words.Add(builder.ToString());
                }
            }

            _words = [.. words];
            _cumulative = new double[Vocabulary];
            double total = 0;
            for (var i = 0; i < Vocabulary; i++)
            {
                total += 1.0 / (i + 1);
                _cumulative[i] = total;
            }

            for (var i = 0; i < Vocabulary; i++)
            {
                _cumulative[i] /= total;
            }
        }

        public SearchDocument Document(int i)
        {
            var random = new Random(Seed(_seed, i));
            var year = 2010 + random.Next(17);
            return new SearchDocument
            {
                Type = "bench",
                Key = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Title = Text(random, random.Next(4, 13)),
                Summary = Text(random, random.Next(30, 80)),
                Body = Text(random, random.Next(150, 600)),
                FileText = random.Next(5) == 0 ? Text(random, random.Next(500, 1500)) : "",
                Extra = $"Author {random.Next(2000)} · Organisation {random.Next(40)}",
                Url = $"/bench/{i}",
                Kind = Kinds[random.Next(Kinds.Length)],
                Organisations = [$"Organisation {random.Next(40)}"],
                Sites = [$"Site {random.Next(25)}"],
                PracticeAreas = [$"Practice area {random.Next(12)}", $"Practice area {random.Next(12)}"],
                Methods = [$"Method {random.Next(10)}"],
                Measures = random.Next(2) == 0 ? [$"Measure {random.Next(8)}"] : [],
                Year = year,
                Date = new DateTimeOffset(year, 1 + random.Next(12), 1 + random.Next(28), 0, 0, 0, TimeSpan.Zero),
                Visibility = random.Next(10) switch { 0 => SearchVisibility.Draft, 1 => SearchVisibility.Organisation, 2 or 3 => SearchVisibility.Network, _ => SearchVisibility.Public },
                OwnerOrganisationId = 1 + random.Next(40),
            };
        }

        /// <summary>
        /// The mix: one to four content words (the 20,000 most frequent after the function words, log-uniformly,
        /// so frequent and rare words both come up), a fifth of them as a phrase or with a filter.
        /// </summary>
        public QueryText Query(int i)
        {
            var random = new Random(Seed(_seed, -1 - i));
            var count = random.Next(10) switch { < 4 => 1, < 7 => 2, < 9 => 3, _ => 4 };
            var words = Enumerable.Range(0, count).Select(_ => _words[_contentStart + (int)Math.Min(Vocabulary - _contentStart - 1, Math.Exp(random.NextDouble() * Math.Log(20_000)) - 1)]).ToList();
            var query = random.Next(10) switch
            {
                0 when count >= 2 => $"\"{words[0]} {words[1]}\" {string.Join(' ', words.Skip(2))}",
                1 => $"{string.Join(' ', words)} kind:\"{Kinds[random.Next(Kinds.Length)]}\"",
                _ => string.Join(' ', words),
            };
            return new QueryText(query.Trim(), words);
        }

        /// <summary>A seed for item <paramref name="i"/>: the same in every run (HashCode.Combine is seeded anew in each process, so it is not).</summary>
        private static int Seed(int seed, int i) => unchecked((seed * 1_000_003) ^ (i * 7_919) ^ (i >> 16));

        private string Text(Random random, int length)
        {
            var builder = new StringBuilder(length * 8);
            for (var w = 0; w < length; w++)
            {
                var index = Array.BinarySearch(_cumulative, random.NextDouble());
                builder.Append(_words[index < 0 ? Math.Min(~index, Vocabulary - 1) : index]).Append(w % 15 == 14 ? ". " : " ");
            }

            return builder.ToString();
        }
    }
}
