using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Federation.FederationTestHelpers;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// The OAI-PMH provider on both providers: every verb and every error answer validates against
/// OAI-PMH.xsd (records against oai_dc.xsd), only public records are ever listed, records that stop
/// being public become deleted records, and paging returns each record once while records change.
/// </summary>
public sealed class OaiProviderTests(FederationHubs hubs) : IClassFixture<FederationHubs>
{
    private static readonly XNamespace Oai = OaiSchemas.Oai;
    private static readonly XNamespace Dc = OaiSchemas.Dc;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Every_verb_answers_valid_oai_dc_for_public_records_only(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var terms = await hub.WithDbAsync(async db =>
        {
            var site = new VocabularyTerm { Vocabulary = Vocabularies.Sites, Key = $"site-{Guid.NewGuid():N}", Label = "Isle of Wight" };
            var method = new VocabularyTerm { Vocabulary = Vocabularies.Methods, Key = $"method-{Guid.NewGuid():N}", Label = "Interviews" };
            db.AddRange(site, method);
            await db.SaveChangesAsync();
            return new List<long> { site.Id, method.Id };
        });
        var open = await CreateResourceAsync(hub, "Open evaluation <&> \"quoted\"", owner.Id, ResourceVisibility.Public, ResourceKind.Evaluation, input =>
        {
            input.Doi = "10.1234/open.1";
            input.Licence = "CC BY 4.0";
            input.TermIds = terms;
            input.Language = "en-GB";
            input.PeriodStart = new DateOnly(2018, 1, 1);
            input.PeriodEnd = new DateOnly(2019, 1, 1);
        });
        var hidden = new List<Resource>();
        foreach (var visibility in new[] { ResourceVisibility.Draft, ResourceVisibility.Organisation, ResourceVisibility.Network })
        {
            hidden.Add(await CreateResourceAsync(hub, $"Hidden {visibility}", owner.Id, visibility));
        }

        var client = hub.CreateClient();
        var set = $"org:{owner.Id}";

        var identify = await OaiAsync(client, "verb=Identify");
        Assert.Equal("persistent", identify.Root!.Element(Oai + "Identify")!.Element(Oai + "deletedRecord")!.Value);
        Assert.Equal("YYYY-MM-DDThh:mm:ssZ", identify.Root!.Element(Oai + "Identify")!.Element(Oai + "granularity")!.Value);

        var formats = await OaiAsync(client, "verb=ListMetadataFormats");
        Assert.Equal("oai_dc", formats.Descendants(Oai + "metadataPrefix").Single().Value);
        await OaiAsync(client, $"verb=ListMetadataFormats&identifier={Uri.EscapeDataString(Identifier(open.Id))}");

        var sets = await OaiAsync(client, "verb=ListSets");
        Assert.Contains(sets.Descendants(Oai + "setSpec"), s => s.Value == set);
        Assert.Contains(sets.Descendants(Oai + "setSpec"), s => s.Value == "kind:evaluation");

        var records = await OaiAsync(client, $"verb=ListRecords&metadataPrefix=oai_dc&set={set}");
        var listed = records.Descendants(Oai + "record").ToList();
        Assert.Equal([Identifier(open.Id)], listed.Select(r => r.Element(Oai + "header")!.Element(Oai + "identifier")!.Value));
        var dc = listed[0].Descendants(Dc + "title").Single().Parent!;
        string[] Values(string name) => dc.Elements(Dc + name).Select(e => e.Value).ToArray();
        Assert.Equal(["Open evaluation <&> \"quoted\""], Values("title"));
        Assert.Equal(["Ada Lovelace"], Values("creator"));
        Assert.Equal(["Interviews"], Values("subject"));
        Assert.Contains("Isle of Wight", Values("coverage"));
        Assert.Contains("2018-01-01 to 2019-01-01", Values("coverage"));
        Assert.Equal(["CC BY 4.0"], Values("rights"));
        Assert.Equal(["en-GB"], Values("language"));
        Assert.Equal(owner.Name, Values("publisher").Single());
        Assert.Contains($"{HubFactory.BaseUrl}/library/{open.Id}/{open.Slug}", Values("identifier"));
        Assert.Contains("https://doi.org/10.1234/open.1", Values("identifier"));
        Assert.Contains("Evaluation", Values("type"));
        Assert.Contains("kind:evaluation", listed[0].Descendants(Oai + "setSpec").Select(s => s.Value));

        var identifiers = await OaiAsync(client, $"verb=ListIdentifiers&metadataPrefix=oai_dc&set={set}");
        Assert.Equal([Identifier(open.Id)], identifiers.Descendants(Oai + "identifier").Select(i => i.Value));

        var posted = await OaiPostAsync(client, ("verb", "GetRecord"), ("identifier", Identifier(open.Id)), ("metadataPrefix", "oai_dc"));
        Assert.Equal("Open evaluation <&> \"quoted\"", posted.Descendants(Dc + "title").Single().Value);

        // Only public records, ever: nothing hidden is listed, fetched or even admitted to exist.
        var everything = await ListAllIdentifiersAsync(client, "verb=ListIdentifiers&metadataPrefix=oai_dc");
        foreach (var resource in hidden)
        {
            Assert.DoesNotContain(Identifier(resource.Id), everything);
            Assert.Equal("idDoesNotExist", ErrorCode(await OaiAsync(client, $"verb=GetRecord&metadataPrefix=oai_dc&identifier={Uri.EscapeDataString(Identifier(resource.Id))}")));
        }

        // Every live record listed is public (other tests of the class add records only before listing).
        var publicIds = await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Visibility == ResourceVisibility.Public).Select(r => r.Id).ToListAsync());
        Assert.Subset(publicIds.Select(Identifier).ToHashSet(), everything);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Every_error_condition_answers_its_code_in_a_valid_response(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var open = await CreateResourceAsync(hub, "Error case resource", owner.Id, ResourceVisibility.Public);
        var client = hub.CreateClient();
        var id = Uri.EscapeDataString(Identifier(open.Id));

        (string Query, string Code)[] cases =
        [
            ("", "badVerb"),
            ("verb=Dance", "badVerb"),
            ("verb=Identify&verb=Identify", "badVerb"),
            ("verb=Identify&extra=1", "badArgument"),
            ("verb=ListRecords", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-45", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
            ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
            ("verb=GetRecord&identifier=" + id, "badArgument"),
            ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
            ("verb=ListIdentifiers&metadataPrefix=marc21", "cannotDisseminateFormat"),
            ("verb=GetRecord&metadataPrefix=marc21&identifier=" + id, "cannotDisseminateFormat"),
            ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:resource/999999999", "idDoesNotExist"),
            ("verb=GetRecord&metadataPrefix=oai_dc&identifier=not-an-identifier", "idDoesNotExist"),
            ("verb=ListMetadataFormats&identifier=oai:elsewhere:1", "idDoesNotExist"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=org:999999999", "noRecordsMatch"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=kind:no-such-kind", "noRecordsMatch"),
            ("verb=ListRecords&metadataPrefix=oai_dc&until=1990-01-01T00:00:00Z", "noRecordsMatch"),
            ("verb=ListRecords&resumptionToken=forged-token", "badResumptionToken"),
            ("verb=ListIdentifiers&resumptionToken=forged-token", "badResumptionToken"),
            ("verb=ListSets&resumptionToken=anything", "badResumptionToken"),
            // Arguments the schema's types forbid are never echoed: badArgument.
            ("verb=ListRecords&metadataPrefix=", "badArgument"),
            ("verb=ListIdentifiers&metadataPrefix=", "badArgument"),
            ("verb=GetRecord&metadataPrefix=&identifier=" + id, "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=", "badArgument"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=bad%20set%20spec", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=kind:", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai%20dc", "badArgument"),
        ];
        foreach (var (query, code) in cases)
        {
            var document = await OaiAsync(client, query);
            Assert.True(ErrorCode(document) == code, $"{query}: expected {code}, got {ErrorCode(document) ?? "no error"}");
            if (code is "badVerb" or "badArgument")
            {
                Assert.Null(document.Root!.Element(Oai + "request")!.Attribute("verb"));
            }
        }

        var viaPost = await OaiPostAsync(client, ("verb", "GetRecord"), ("metadataPrefix", "oai_dc"));
        Assert.Equal("badArgument", ErrorCode(viaPost));

        // A POST that is not a form is still answered in OAI-PMH: no body has no verb; another body is a bad argument.
        foreach (var (content, code) in new (HttpContent? Content, string Code)[]
        {
            (null, "badVerb"),
            (new StringContent("{\"verb\":\"Identify\"}", Encoding.UTF8, "application/json"), "badArgument"),
            (new StringContent("verb=Identify", Encoding.UTF8, "text/plain"), "badArgument"),
            (new FormUrlEncodedContent([new("verb", new string('x', 20_000))]), "badArgument"),
        })
        {
            using var response = await client.PostAsync(new Uri("/oai", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var document = OaiSchemas.AssertValid(await response.Content.ReadAsStringAsync());
            Assert.Equal(code, ErrorCode(document));
            Assert.Null(document.Root!.Element(Oai + "request")!.Attribute("verb"));
        }
    }

    /// <summary>The set hierarchy's parents, "kind" and "org", are listed and selectable like their children.</summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_parent_sets_kind_and_org_are_listed_and_selectable(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var owned = await CreateResourceAsync(hub, "Owned by an organisation", owner.Id, ResourceVisibility.Public);
        var orphan = await CreateResourceAsync(hub, "Owned by nobody", null, ResourceVisibility.Public);
        var client = hub.CreateClient();

        var sets = (await OaiAsync(client, "verb=ListSets")).Descendants(Oai + "setSpec").Select(s => s.Value).ToList();
        Assert.Contains("kind", sets);
        Assert.Contains("org", sets);
        Assert.Contains("kind:case-study", sets);
        Assert.Contains($"org:{owner.Id}", sets);

        async Task<HashSet<string>> IdentifiersAsync(string set)
        {
            var found = new HashSet<string>();
            var document = await OaiAsync(client, $"verb=ListIdentifiers&metadataPrefix=oai_dc&set={set}");
            while (true)
            {
                found.UnionWith(document.Descendants(Oai + "identifier").Select(i => i.Value));
                var token = document.Descendants(Oai + "resumptionToken").FirstOrDefault()?.Value;
                if (string.IsNullOrEmpty(token))
                {
                    return found;
                }

                document = await OaiAsync(client, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(token));
            }
        }

        var kinds = await IdentifiersAsync("kind");
        Assert.Contains(Identifier(owned.Id), kinds);
        Assert.Contains(Identifier(orphan.Id), kinds);
        var organisations = await IdentifiersAsync("org");
        Assert.Contains(Identifier(owned.Id), organisations);
        Assert.DoesNotContain(Identifier(orphan.Id), organisations);
        var request = (await OaiAsync(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=org")).Root!.Element(Oai + "request")!;
        Assert.Equal("org", (string?)request.Attribute("set"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Records_that_stop_being_public_are_reported_as_deleted(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var unpublished = await CreateResourceAsync(hub, "Will be unpublished", owner.Id, ResourceVisibility.Public);
        var narrowed = await CreateResourceAsync(hub, "Will be network only", owner.Id, ResourceVisibility.Public);
        var deleted = await CreateResourceAsync(hub, "Will be deleted", owner.Id, ResourceVisibility.Public);
        var republished = await CreateResourceAsync(hub, "Will come back", owner.Id, ResourceVisibility.Public);
        var neverPublic = await CreateResourceAsync(hub, "Never public, deleted", owner.Id, ResourceVisibility.Network);

        await hub.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<ResourceService>();
            await service.SetVisibilityAsync(unpublished.Id, ResourceVisibility.Draft, Setup, CancellationToken.None);
            await service.SetVisibilityAsync(narrowed.Id, ResourceVisibility.Network, Setup, CancellationToken.None);
            await service.DeleteAsync(deleted.Id, Setup, CancellationToken.None);
            await service.SetVisibilityAsync(republished.Id, ResourceVisibility.Draft, Setup, CancellationToken.None);
            await service.SetVisibilityAsync(republished.Id, ResourceVisibility.Public, Setup, CancellationToken.None);
            await service.DeleteAsync(neverPublic.Id, Setup, CancellationToken.None);
        });

        var client = hub.CreateClient();
        var list = await OaiAsync(client, $"verb=ListRecords&metadataPrefix=oai_dc&set=org:{owner.Id}");
        var headers = list.Descendants(Oai + "header").ToDictionary(h => h.Element(Oai + "identifier")!.Value);
        Assert.Equal(
            new[] { unpublished.Id, narrowed.Id, deleted.Id, republished.Id }.Select(Identifier).Order(),
            headers.Keys.Order());
        foreach (var gone in new[] { unpublished, narrowed, deleted })
        {
            Assert.Equal("deleted", (string?)headers[Identifier(gone.Id)].Attribute("status"));
            Assert.Null(headers[Identifier(gone.Id)].Parent!.Element(Oai + "metadata"));
        }

        Assert.Null(headers[Identifier(republished.Id)].Attribute("status"));
        var record = await OaiAsync(client, $"verb=GetRecord&metadataPrefix=oai_dc&identifier={Uri.EscapeDataString(Identifier(deleted.Id))}");
        Assert.Equal("deleted", (string?)record.Descendants(Oai + "header").Single().Attribute("status"));
        var ids = await OaiAsync(client, $"verb=ListIdentifiers&metadataPrefix=oai_dc&set=org:{owner.Id}");
        Assert.Equal(3, ids.Descendants(Oai + "header").Count(h => (string?)h.Attribute("status") == "deleted"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Paging_a_thousand_records_returns_each_once_while_records_are_added(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var start = hub.Clock.GetUtcNow().AddMinutes(-30);
        var expected = await InsertPublicAsync(hub, owner.Id, 1000, "Paged", start);

        var client = hub.CreateClient();
        var seen = new List<string>();
        var query = $"verb=ListRecords&metadataPrefix=oai_dc&set=org:{owner.Id}";
        var pages = 0;
        while (true)
        {
            var page = await OaiAsync(client, query);
            pages++;
            var list = page.Root!.Element(Oai + "ListRecords")!;
            var records = list.Elements(Oai + "record").ToList();
            Assert.True(records.Count <= 100);
            seen.AddRange(records.Select(r => r.Element(Oai + "header")!.Element(Oai + "identifier")!.Value));
            var token = list.Element(Oai + "resumptionToken");
            if (token is not null)
            {
                Assert.Equal("1000", (string?)token.Attribute("completeListSize"));
                Assert.Equal(((pages - 1) * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)token.Attribute("cursor"));
            }

            if (string.IsNullOrEmpty(token?.Value))
            {
                break;
            }

            Assert.NotNull(token.Attribute("expirationDate"));
            // Records keep arriving between pages (stamped now, as the library stamps them).
            await InsertPublicAsync(hub, owner.Id, 7, $"Added during page {pages}", hub.Clock.GetUtcNow());
            query = "verb=ListRecords&resumptionToken=" + Uri.EscapeDataString(token.Value);
        }

        Assert.Equal(10, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.Select(Identifier).Order(), seen.Order());
    }

    /// <summary>Public resources written straight to the database (the OAI view of them is what is tested), with spread datestamps.</summary>
    private static Task<List<long>> InsertPublicAsync(HubFactory hub, long ownerId, int count, string prefix, DateTimeOffset from) =>
        hub.WithDbAsync(async db =>
        {
            var batch = Enumerable.Range(0, count).Select(i => new Resource
            {
                Slug = $"{prefix.ToLowerInvariant().Replace(' ', '-')}-{Guid.NewGuid():N}",
                Title = $"{prefix} {i}",
                Kind = ResourceKind.CaseStudy,
                Visibility = ResourceVisibility.Public,
                OwnerOrganisationId = ownerId,
                CreatedAt = from,
                // Several records share each second, so the keyset's id tie-break is exercised.
                UpdatedAt = from.AddSeconds(i / 3),
                PublishedAt = from,
                Authors = [new ResourceAuthor { Name = "Author", Position = 0 }],
            }).ToList();
            db.AddRange(batch);
            await db.SaveChangesAsync();
            return batch.Select(r => r.Id).ToList();
        });

    private static async Task<HashSet<string>> ListAllIdentifiersAsync(HttpClient client, string query)
    {
        var all = new HashSet<string>();
        while (true)
        {
            var page = await OaiAsync(client, query);
            if (ErrorCode(page) == "noRecordsMatch")
            {
                return all;
            }

            all.UnionWith(page.Descendants(Oai + "header").Where(h => h.Attribute("status") is null)
                .Select(h => h.Element(Oai + "identifier")!.Value));
            var token = page.Descendants(Oai + "resumptionToken").SingleOrDefault()?.Value;
            if (string.IsNullOrEmpty(token))
            {
                return all;
            }

            query = "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(token);
        }
    }
}
