using System.Globalization;
using System.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Federation.Domain;
using ResearchHub.Federation.Services;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// The harvester against real HTTP servers on loopback: recorded responses (pages, a deleted record,
/// a 503 with Retry-After, noRecordsMatch, an invalid page), hostile responses (billion laughs, XXE,
/// oversize bodies, an endless token loop), and the hub's own provider.
/// </summary>
public sealed class HarvesterTests(FederationHubs hubs) : IClassFixture<FederationHubs>
{
    private const string Envelope = """<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-22T10:00:00Z</responseDate><request verb="ListRecords">http://example.org/oai</request>{0}</OAI-PMH>""";

    private static string Page(string records, string? token) =>
        string.Format(CultureInfo.InvariantCulture, Envelope, $"<ListRecords>{records}{(token is null ? "" : $"<resumptionToken>{token}</resumptionToken>")}</ListRecords>");

    private static string Record(string id, string datestamp, string title, string? doi = null, string creator = "Grace Hopper") => $"""
        <record><header><identifier>{id}</identifier><datestamp>{datestamp}</datestamp></header><metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:title>{SecurityElement.Escape(title)}</dc:title><dc:creator>{creator}</dc:creator><dc:description>About {SecurityElement.Escape(title)}</dc:description>
        <dc:date>2020-03-04</dc:date><dc:identifier>https://repository.example.org/items/{Uri.EscapeDataString(id)}</dc:identifier>
        {(doi is null ? "" : $"<dc:identifier>https://doi.org/{doi}</dc:identifier>")}<dc:language>en</dc:language><dc:rights>CC BY 4.0</dc:rights>
        </oai_dc:dc></metadata></record>
        """;

    private static string Deleted(string id, string datestamp) =>
        $"""<record><header status="deleted"><identifier>{id}</identifier><datestamp>{datestamp}</datestamp></header></record>""";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Recorded_pages_are_stored_once_and_a_second_run_adds_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Id(int n) => $"oai:repository.example.org:{tag}-{n}";
        // One record carries a DOI the library already has: it is linked, not duplicated.
        var existing = await CreateResourceAsync(hub, $"Already here {tag}", null, ResourceVisibility.Public, configure: i => i.Doi = $"10.5555/{tag}.known");
        var unavailable = 0;
        await using var server = await LoopbackOaiServer.StartAsync(async (context, s) =>
        {
            var query = context.Request.Query;
            switch ((string?)query["resumptionToken"])
            {
                case null:
                    await s.WriteAsync(context, Page(Record(Id(1), "2026-01-01T00:00:01Z", $"First {tag}", $"10.5555/{tag}.1") + Record(Id(2), "2026-01-02T00:00:00Z", $"Second {tag}"), "page-2"));
                    break;
                case "page-2" when unavailable++ == 0:
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "1";
                    break;
                case "page-2":
                    await s.WriteAsync(context, Page(Record(Id(3), "2026-01-03T00:00:00Z", $"Third {tag}") + Record(Id(4), "2026-01-03T00:00:00Z", $"Known {tag}", $"10.5555/{tag}.known"), "page-3"));
                    break;
                case "page-3":
                    // The second record is withdrawn, and so is the one linked by DOI (whose resource is the library's own, so it stays);
                    // a fifth appears; the last page has an empty token.
                    await s.WriteAsync(context, Page(Deleted(Id(2), "2026-01-04T00:00:00Z") + Deleted(Id(4), "2026-01-04T00:00:00Z") + Record(Id(5), "2026-01-04T00:00:00Z", $"Fifth {tag}"), ""));
                    break;
                default:
                    context.Response.StatusCode = 400;
                    break;
            }
        });

        var source = await AddSourceAsync(hub, server.BaseUrl);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var run = await HarvestAsync(hub, source);
        Assert.True(run.Succeeded, run.Error);
        Assert.True(elapsed.Elapsed >= TimeSpan.FromSeconds(0.9), "the 503's Retry-After was honoured");
        Assert.Equal((3, 4, 0, 2, 1), (run.Pages, run.Added, run.Updated, run.Deleted, run.Unchanged));

        var stored = await TitlesAsync(hub, tag);
        Assert.Equal([$"Already here {tag}", $"Fifth {tag}", $"First {tag}", $"Third {tag}"], stored);
        var first = await hub.WithDbAsync(db => db.Set<Resource>().Include(r => r.Authors).SingleAsync(r => r.Title == $"First {tag}"));
        Assert.Equal((ResourceKind.LiteratureReference, ResourceVisibility.Network, $"10.5555/{tag}.1", "CC BY 4.0"), (first.Kind, first.Visibility, first.Doi, first.Licence));
        Assert.Equal("Grace Hopper", first.Authors.Single().Name);
        Assert.StartsWith("https://repository.example.org/items/", first.ExternalUrl);
        var links = await hub.WithDbAsync(db => db.Set<HarvestedRecord>().Where(r => r.SourceId == source).ToListAsync());
        Assert.Equal((existing.Id, false), (links.Single(l => l.OaiIdentifier == Id(4)).ResourceId, links.Single(l => l.OaiIdentifier == Id(4)).OwnsResource));
        Assert.True(links.Single(l => l.OaiIdentifier == Id(2)).Deleted);
        Assert.Equal("2026-01-04T00:00:00Z", await hub.WithDbAsync(db => db.Set<HarvestSource>().Where(s => s.Id == source).Select(s => s.LastDatestamp).SingleAsync()));

        // Incremental: the next run asks from the newest datestamp; this server answers the same pages, and nothing is added twice.
        var again = await HarvestAsync(hub, source);
        Assert.True(again.Succeeded, again.Error);
        Assert.Contains(server.Queries, q => q.Contains("from=2026-01-04T00%3A00%3A00Z", StringComparison.Ordinal));
        Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Deleted));
        Assert.Equal(stored, await TitlesAsync(hub, tag));
        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<HarvestRun>().CountAsync(r => r.SourceId == source)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task NoRecordsMatch_ends_a_run_cleanly_and_an_invalid_page_stops_it_keeping_earlier_pages(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var empty = await LoopbackOaiServer.StartAsync((context, s) => s.WriteAsync(context,
            string.Format(CultureInfo.InvariantCulture, Envelope, """<error code="noRecordsMatch">Nothing new.</error>""")));
        var quiet = await HarvestAsync(hub, await AddSourceAsync(hub, empty.BaseUrl));
        Assert.True(quiet.Succeeded, quiet.Error);
        Assert.Equal((1, 0), (quiet.Pages, quiet.Added));

        await using var broken = await LoopbackOaiServer.StartAsync((context, s) => context.Request.Query.ContainsKey("resumptionToken")
            ? s.WriteAsync(context, Page(Record($"oai:x:{tag}-2", "2026-02-01T00:00:00Z", $"Never {tag}"), null)[..200] + "<unclosed")
            : s.WriteAsync(context, Page(Record($"oai:x:{tag}-1", "2026-02-01T00:00:00Z", $"Kept {tag}"), "next")));
        var source = await AddSourceAsync(hub, broken.BaseUrl);
        var run = await HarvestAsync(hub, source);
        Assert.False(run.Succeeded);
        Assert.Contains("not well-formed XML", run.Error);
        Assert.Equal([$"Kept {tag}"], await TitlesAsync(hub, tag));
        // The next run starts where this one did, so nothing of the broken page is lost for good.
        Assert.Null(await hub.WithDbAsync(db => db.Set<HarvestSource>().Where(s => s.Id == source).Select(s => s.LastDatestamp).SingleAsync()));
    }

    public static TheoryData<string, string> Hostile => new()
    {
        {
            "billion laughs",
            """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>&lol9;</identifier><datestamp>2026-01-01</datestamp></header></record></ListRecords></OAI-PMH>"""
        },
        {
            "external entity (XXE)",
            """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>&xxe;</identifier><datestamp>2026-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&xxe;</dc:title></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>"""
        },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Documents_with_a_DTD_are_refused_before_any_entity_is_expanded(string name, string body)
    {
        var hub = await hubs.GetAsync("Sqlite");
        await using var server = await LoopbackOaiServer.StartAsync((context, s) => s.WriteAsync(context, body));
        var before = await hub.WithDbAsync(db => db.Set<Resource>().CountAsync());
        var run = await HarvestAsync(hub, await AddSourceAsync(hub, server.BaseUrl));
        Assert.False(run.Succeeded, name);
        Assert.Contains("DTD", run.Error);
        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<Resource>().CountAsync()));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_body_declaring_two_gigabytes_is_refused_before_reading_it()
    {
        var hub = await hubs.GetAsync("Sqlite");
        await using var server = await LoopbackOaiServer.StartAsync(async (context, s) =>
        {
            context.Response.ContentLength = 2L * 1024 * 1024 * 1024;
            await s.WriteAsync(context, "<OAI-PMH/>");
        });
        var run = await HarvestAsync(hub, await AddSourceAsync(hub, server.BaseUrl));
        Assert.False(run.Succeeded);
        Assert.Contains("nothing was read", run.Error);
    }

    [Fact]
    public async Task An_endless_body_is_refused_without_reading_past_the_limit()
    {
        var hub = await hubs.GetAsync("Sqlite");
        await using var server = new RawBodyServer(2L * 1024 * 1024 * 1024);
        var run = await HarvestAsync(hub, await AddSourceAsync(hub, server.BaseUrl));
        Assert.False(run.Succeeded);
        Assert.Contains("larger than the 1048576 bytes allowed", run.Error);
        // The harvester read at most the limit; beyond it the server only filled socket buffers before the close.
        await Task.Delay(200);
        Assert.True(server.BytesWritten < FederationHubs.MaxResponseBytes + 16 * 1024 * 1024, $"{server.BytesWritten} bytes were written");
    }

    [Fact]
    public async Task Endless_resumption_token_loops_are_cut_off()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var repeating = await LoopbackOaiServer.StartAsync((context, s) =>
            s.WriteAsync(context, Page(Record($"oai:loop:{tag}", "2026-01-01T00:00:00Z", $"Loop {tag}"), "same-token")));
        var run = await HarvestAsync(hub, await AddSourceAsync(hub, repeating.BaseUrl));
        Assert.False(run.Succeeded);
        Assert.Contains("sent before", run.Error);
        Assert.Equal([$"Loop {tag}"], await TitlesAsync(hub, tag));

        // A source that invents a new token every time is stopped by the page limit (50 in these tests).
        var n = 0;
        await using var endless = await LoopbackOaiServer.StartAsync((context, s) =>
            s.WriteAsync(context, Page("", $"token-{Interlocked.Increment(ref n)}")));
        var cut = await HarvestAsync(hub, await AddSourceAsync(hub, endless.BaseUrl));
        Assert.False(cut.Succeeded);
        Assert.Equal(50, cut.Pages);
        Assert.Contains("still sending resumption tokens", cut.Error);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_hub_harvests_its_own_provider_over_loopback_and_gets_exactly_its_public_records(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var expected = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            var visibility = (ResourceVisibility)(i % 4);
            await CreateResourceAsync(hub, $"Self {tag} {i:000}", owner.Id, visibility);
            if (visibility == ResourceVisibility.Public)
            {
                expected.Add($"Self {tag} {i:000}");
            }
        }

        // The provider reached over TCP: a loopback server relays each request to the hub's /oai.
        var hubClient = hub.CreateClient();
        await using var relay = await LoopbackOaiServer.StartAsync(async (context, s) =>
        {
            using var response = await hubClient.GetAsync(new Uri("/oai" + context.Request.QueryString.Value, UriKind.Relative));
            await s.WriteAsync(context, await response.Content.ReadAsStringAsync());
        });

        await using var harvester = new HubFactory(provider);
        FederationHubs.Settings(harvester);
        await harvester.StartAsync();
        var source = await AddSourceAsync(harvester, relay.BaseUrl, $"org:{owner.Id}");
        var run = await HarvestAsync(harvester, source);
        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(expected.Count, run.Added);
        Assert.True(run.Pages >= 1);
        Assert.Equal(expected, await TitlesAsync(harvester, tag));

        var again = await HarvestAsync(harvester, source);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(0, again.Added);
        Assert.Equal(expected, await TitlesAsync(harvester, tag));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_worker_harvests_due_sources_once_and_schedules_the_next_run(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        await using var server = await LoopbackOaiServer.StartAsync((context, s) => s.WriteAsync(context,
            string.Format(CultureInfo.InvariantCulture, Envelope, """<error code="noRecordsMatch">Nothing new.</error>""")));
        var source = await hub.WithDbAsync(async db =>
        {
            var due = new HarvestSource { Name = "Due", BaseUrl = server.BaseUrl, CreatedAt = hub.Clock.GetUtcNow(), IntervalHours = 6, NextRunAt = hub.Clock.GetUtcNow().AddMinutes(-1) };
            db.Add(due);
            await db.SaveChangesAsync();
            return due.Id;
        });

        var worker = hub.Services.GetRequiredService<ResearchHub.Federation.Jobs.HarvestWorker>();
        await worker.RunDueAsync(CancellationToken.None);
        await worker.RunDueAsync(CancellationToken.None);

        var (runs, next, lease) = await hub.WithDbAsync(async db => (
            await db.Set<HarvestRun>().CountAsync(r => r.SourceId == source && r.Succeeded),
            await db.Set<HarvestSource>().Where(s => s.Id == source).Select(s => s.NextRunAt).SingleAsync(),
            await db.Set<HarvestSource>().Where(s => s.Id == source).Select(s => s.LeaseOwner).SingleAsync()));
        Assert.Equal(1, runs);
        Assert.True(next > hub.Clock.GetUtcNow().AddHours(5));
        Assert.Null(lease);
    }

    private static Task<long> AddSourceAsync(HubFactory hub, string baseUrl, string? set = null) =>
        hub.WithDbAsync(async db =>
        {
            var source = new HarvestSource { Name = "Test repository", BaseUrl = baseUrl, SetSpec = set, CreatedAt = hub.Clock.GetUtcNow(), IntervalHours = 0 };
            db.Add(source);
            await db.SaveChangesAsync();
            return source.Id;
        });

    private static Task<HarvestRun> HarvestAsync(HubFactory hub, long sourceId) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<HarvestService>().RunAsync(sourceId, CancellationToken.None));

    private static Task<List<string>> TitlesAsync(HubFactory hub, string tag) =>
        hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Title.Contains(tag)).Select(r => r.Title).OrderBy(t => t).ToListAsync());
}
