using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Web;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// The demo network as crawlers and reference managers see it: /robots.txt, a sitemap that lists
/// every public resource, meeting and codebook and validates against the sitemaps.org schema, and
/// each demo resource's BibTeX and RIS read back by parsers that are not ours (bibutils' bib2xml and
/// ris2xml, Debian's python3-bibtexparser).
/// </summary>
public sealed class DiscoveryAndCitationTests(DemoHubs hubs) : IClassFixture<DemoHubs>
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Mods = "http://www.loc.gov/mods/v3";

    [Fact]
    public async Task Robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_addresses()
    {
        var hub = await hubs.GetAsync("Sqlite");
        using var response = await hub.CreateClient().GetAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("User-agent: *", lines[0]);
        Assert.Contains("Disallow: /admin", lines);
        Assert.Contains("Disallow: /account", lines);
        Assert.Contains("Disallow: /api", lines);
        Assert.Contains($"Sitemap: {HubFactory.BaseUrl}/sitemap.xml", lines);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_sitemap_lists_every_public_resource_meeting_and_codebook_and_is_schema_valid(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        using var response = await hub.CreateClient().GetAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        var sitemap = XDocument.Parse(xml);
        var schemas = new XmlSchemaSet();
        schemas.Add(Sitemap.NamespaceName, Path.Combine(TestEnvironment.RepoRoot, "..", "shared", "schemas", "sitemaps", "sitemap.xsd"));
        var problems = new List<string>();
        sitemap.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var locations = sitemap.Descendants(Sitemap + "loc").Select(l => l.Value).ToHashSet();
        var (resources, meetings, codebooks, hidden) = await hub.WithDbAsync(async db => (
            await db.Set<Resource>().Where(r => r.Visibility == ResourceVisibility.Public).Select(r => new { r.Id, r.Slug }).ToListAsync(),
            await db.Set<Meeting>().Where(m => m.Visibility == MeetingVisibility.Public).Select(m => m.Id).ToListAsync(),
            await db.Set<Codebook>().VisibleTo(LibraryViewer.Anonymous).Select(c => c.Id).ToListAsync(),
            await db.Set<Codebook>().Where(c => c.Visibility != ResourceVisibility.Public).Select(c => c.Id).ToListAsync()));
        Assert.NotEmpty(resources);
        Assert.NotEmpty(meetings);
        Assert.NotEmpty(codebooks);
        Assert.All(resources, r => Assert.Contains($"{HubFactory.BaseUrl}/library/{r.Id}/{r.Slug}", locations));
        Assert.All(meetings, m => Assert.Contains($"{HubFactory.BaseUrl}/meetings/{m}", locations));
        Assert.All(codebooks, c => Assert.Contains($"{HubFactory.BaseUrl}/codebooks/{c}", locations));
        Assert.All(hidden, c => Assert.DoesNotContain($"{HubFactory.BaseUrl}/codebooks/{c}", locations));
    }

    /// <summary>
    /// Google Scholar needs citation_author and citation_publication_date on every record: a resource
    /// without named authors is authored by its owning organisation, one without a publication date
    /// is dated by its publication on the hub.
    /// </summary>
    [Fact]
    public async Task Every_public_demo_resource_page_carries_a_citation_author_and_date()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var client = hub.CreateBrowserClient();
        var resources = await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Visibility == ResourceVisibility.Public)
            .Include(r => r.Authors).OrderBy(r => r.Id).ToListAsync());
        var names = await hub.WithDbAsync(db => db.Set<ResearchHub.Accounts.Domain.Organisation>().ToDictionaryAsync(o => o.Id, o => o.Name));
        Assert.Contains(resources, r => r.Authors.Count == 0);
        foreach (var r in resources)
        {
            var page = await client.GetDocumentAsync($"/library/{r.Id}/{r.Slug}");
            string[] Meta(string name) => page.QuerySelectorAll($"head meta[name='{name}']").Select(m => m.GetAttribute("content")!).ToArray();
            var authors = Meta("citation_author");
            Assert.True(authors.Length > 0, $"resource {r.Id} has no citation_author");
            if (r.Authors.Count == 0)
            {
                Assert.Equal([names[r.OwnerOrganisationId!.Value]], authors);
            }

            var date = Assert.Single(Meta("citation_publication_date"));
            var expected = r.PublicationDate ?? r.PeriodEnd ?? DateOnly.FromDateTime(r.PublishedAt!.Value.UtcDateTime);
            Assert.Equal(expected.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture), date);
        }
    }

    /// <summary>
    /// Each public demo resource's BibTeX and RIS, read back by bibutils (bib2xml, ris2xml: MODS out)
    /// and the BibTeX also by python3-bibtexparser: the title, every author, the year and the entry
    /// type survive; a literature reference is never an article without a journal.
    /// </summary>
    [Fact]
    public async Task Each_demo_resources_bibtex_and_ris_parse_back_with_third_party_parsers()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var client = hub.CreateClient();
        var resources = await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Visibility == ResourceVisibility.Public)
            .Include(r => r.Authors).OrderBy(r => r.Id).ToListAsync());
        Assert.NotEmpty(resources);
        foreach (var r in resources)
        {
            var bibtex = await client.GetStringAsync(new Uri($"/library/{r.Id}/cite/bibtex", UriKind.Relative));
            var ris = await client.GetStringAsync(new Uri($"/library/{r.Id}/cite/ris", UriKind.Relative));
            var authors = r.Authors.OrderBy(a => a.Position).Select(a => a.Name).ToList();

            foreach (var (mods, format) in new[] { (await RunAsync("bib2xml", bibtex), "BibTeX"), (await RunAsync("ris2xml", ris), "RIS") })
            {
                var record = XDocument.Parse(mods).Descendants(Mods + "mods").Single();
                var context = $"{format} of resource {r.Id}";
                Assert.True(Normalise(r.Title) == Normalise(record.Element(Mods + "titleInfo")?.Element(Mods + "title")?.Value + Subtitle(record)), $"{context}: title\n{mods}");
                var names = record.Elements(Mods + "name").Select(n => string.Join(" ", n.Elements(Mods + "namePart")
                    .OrderBy(p => (string?)p.Attribute("type") == "family").Select(p => p.Value))).ToList();
                foreach (var author in authors)
                {
                    Assert.True(names.Any(n => Normalise(n) == Normalise(author)), $"{context}: author {author} not in [{string.Join("; ", names)}]\n{mods}");
                }

                if (r.Year is { } year)
                {
                    Assert.True(mods.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), $"{context}: year\n{mods}");
                }
            }

            var parsed = JsonDocument.Parse(await RunAsync(TestEnvironment.Python, bibtex, "-c", BibtexParserScript)).RootElement[0];
            Assert.True(Normalise(r.Title) == Normalise(parsed.GetProperty("title").GetString()), $"resource {r.Id}: bibtexparser title\n{bibtex}");
            var type = parsed.GetProperty("ENTRYTYPE").GetString();
            if (type == "article")
            {
                Assert.True(parsed.TryGetProperty("journal", out _), $"resource {r.Id}: @article without a journal\n{bibtex}");
            }

            if (r.Kind == ResourceKind.LiteratureReference)
            {
                Assert.False(parsed.TryGetProperty("journal", out _), $"resource {r.Id}: a publisher is not a journal\n{bibtex}");
            }
        }
    }

    /// <summary>python3-bibtexparser (Debian) reads the BibTeX from stdin and prints its entries as JSON.</summary>
    private const string BibtexParserScript = """
        import sys, json, bibtexparser
        from bibtexparser.bparser import BibTexParser
        from bibtexparser.customization import convert_to_unicode
        parser = BibTexParser(common_strings=True)
        parser.customization = convert_to_unicode
        db = bibtexparser.loads(sys.stdin.read(), parser=parser)
        print(json.dumps(db.entries))
        """;

    private static string Subtitle(XElement record) =>
        record.Element(Mods + "titleInfo")?.Element(Mods + "subTitle")?.Value is { } sub ? ": " + sub : "";

    /// <summary>Case, spacing and the punctuation between title and subtitle as the parsers rewrite them.</summary>
    private static string Normalise(string? text) =>
        new string((text ?? "").Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    private static async Task<string> RunAsync(string program, string input, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
