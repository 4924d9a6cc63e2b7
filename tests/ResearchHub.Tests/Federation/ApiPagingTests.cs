using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Security;
using ResearchHub.Library.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>The demo network plus a little more, per provider, for walking every /api/v1 list.</summary>
public sealed class PagingHubs : HubFactoryFixture
{
    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"));
}

/// <summary>
/// Every /api/v1 list pages the same way: page and pageSize (capped), total and links in the body,
/// the same links in an RFC 8288 Link header; walking the next links returns each item exactly once.
/// </summary>
public sealed partial class ApiPagingTests(PagingHubs hubs) : IClassFixture<PagingHubs>
{
    /// <summary>Each list, and how an item is told apart from the others.</summary>
    private static readonly (string Url, Func<JsonElement, string> Key)[] Lists =
    [
        ("/api/v1/organisations", Id),
        ("/api/v1/admin/members", i => i.GetProperty("id").GetString()!),
        ("/api/v1/admin/audit", Id),
        ("/api/v1/resources", Id),
        ("/api/v1/resources?sort=title", Id),
        ("/api/v1/meetings", Id),
        ("/api/v1/codebooks", Id),
        ("/api/v1/search?q=local", i => i.GetProperty("type").GetString() + ":" + i.GetProperty("key").GetString()),
    ];

    public static TheoryData<string, int> ListsByProvider()
    {
        var data = new TheoryData<string, int>();
        foreach (var provider in new[] { "Sqlite", "Postgres" })
        {
            for (var i = 0; i < Lists.Length; i++)
            {
                data.Add(provider, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ListsByProvider))]
    public async Task Walking_the_next_links_returns_each_item_once_with_consistent_links(string provider, int list)
    {
        var (url, key) = Lists[list];
        var client = await AdminApiAsync(provider);
        const int pageSize = 3;
        var first = $"{url}{(url.Contains('?', StringComparison.Ordinal) ? "&" : "?")}pageSize={pageSize}";

        var seen = new List<string>();
        int? total = null;
        var pages = 0;
        string? previous = null;
        for (string? next = first; next is not null;)
        {
            using var response = await client.GetAsync(new Uri(next, UriKind.RelativeOrAbsolute));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = body.RootElement;
            pages++;
            Assert.Equal(pages, root.GetProperty("page").GetInt32());
            Assert.Equal(pageSize, root.GetProperty("pageSize").GetInt32());
            total ??= root.GetProperty("total").GetInt32();
            Assert.Equal(total, root.GetProperty("total").GetInt32());
            var items = root.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, total == 0 ? 0 : 1, pageSize);
            seen.AddRange(items.Select(key));

            // The body's links and the Link header say the same; prev goes back to where we came from.
            var links = root.GetProperty("links");
            var header = LinkHeader(response);
            foreach (var rel in new[] { "first", "prev", "next", "last" })
            {
                var inBody = links.GetProperty(rel).ValueKind == JsonValueKind.Null ? null : links.GetProperty(rel).GetString();
                Assert.Equal(inBody, header.GetValueOrDefault(rel));
            }

            Assert.Equal(previous, links.GetProperty("prev").GetString());
            if (pages > 1)
            {
                Assert.Equal(next, links.GetProperty("self").GetString());
            }
            Assert.Contains("page=1&", links.GetProperty("first").GetString(), StringComparison.Ordinal);
            Assert.Contains($"page={root.GetProperty("pageCount").GetInt32()}&", links.GetProperty("last").GetString(), StringComparison.Ordinal);
            if (url.Contains('?', StringComparison.Ordinal))
            {
                // The caller's own parameters (a filter, the query) ride along.
                Assert.Contains(url.Split('?')[1], links.GetProperty("first").GetString(), StringComparison.Ordinal);
            }

            previous = links.GetProperty("self").GetString();
            next = links.GetProperty("next").ValueKind == JsonValueKind.Null ? null : links.GetProperty("next").GetString();
        }

        Assert.True(total > pageSize, $"{url}: only {total} items, too few to page");
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal((total!.Value + pageSize - 1) / pageSize, pages);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Page_sizes_are_capped_and_bad_paging_is_a_clear_400(string provider)
    {
        var client = await AdminApiAsync(provider);
        foreach (var (url, _) in Lists)
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            using (var big = await client.GetAsync(new Uri($"{url}{separator}pageSize=100000", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, big.StatusCode);
                using var body = JsonDocument.Parse(await big.Content.ReadAsStringAsync());
                Assert.InRange(body.RootElement.GetProperty("pageSize").GetInt32(), 1, 500);
            }

            using (var zero = await client.GetAsync(new Uri($"{url}{separator}page=0", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
                Assert.Equal("application/problem+json", zero.Content.Headers.ContentType?.MediaType);
                Assert.Contains("The page is a whole number from 1", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var negative = await client.GetAsync(new Uri($"{url}{separator}pageSize=-5", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
                Assert.Contains("pageSize", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Past the end: an empty page that still links back.
            using var beyond = await client.GetAsync(new Uri($"{url}{separator}page=9999", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, beyond.StatusCode);
            using var empty = JsonDocument.Parse(await beyond.Content.ReadAsStringAsync());
            if (!url.Contains("search", StringComparison.Ordinal))
            {
                // (Search answers the last page it can serve instead.)
                Assert.Empty(empty.RootElement.GetProperty("items").EnumerateArray());
            }

            Assert.NotNull(empty.RootElement.GetProperty("links").GetProperty("first").GetString());
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_paging_on_every_list()
    {
        var hub = await hubs.GetAsync("Sqlite");
        using var document = JsonDocument.Parse(await hub.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        Assert.Contains("Link header", document.RootElement.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        foreach (var path in Lists.Select(l => l.Url.Split('?')[0]).Distinct())
        {
            var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get");
            var parameters = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("page", parameters);
            Assert.Contains("pageSize", parameters);
            var schema = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText();
            Assert.Contains("#/components/schemas/", schema, StringComparison.Ordinal);
        }
    }

    private async Task<HttpClient> AdminApiAsync(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        await EnsureExtraContentAsync(hub);
        var admin = await hub.WithScopeAsync(sp => sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateTokenAsync(hub, admin!, true, [.. TestApiScopes.Catalog.All]));
        return client;
    }

    /// <summary>The demo has few codebooks and audit entries: a few more, once per hub.</summary>
    private static Task EnsureExtraContentAsync(HubFactory hub) => hub.WithDbAsync(async db =>
    {
        if (db.Set<Codebook>().Any(c => c.Name.StartsWith("Paging ")))
        {
            return;
        }

        var now = hub.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            db.Add(new Codebook { Name = $"Paging {i}", Visibility = ResourceVisibility.Public, CreatedAt = now, UpdatedAt = now });
            db.Add(new AuditEntry { At = now, Action = "paging-test", Target = $"entry {i}" });
            db.Add(new Meeting { Uid = $"paging-{i}-{Guid.NewGuid():N}@test", Title = $"Paging meeting {i}", StartUtc = now.AddDays(i), EndUtc = now.AddDays(i).AddHours(1), Visibility = MeetingVisibility.Public, CreatedAt = now, UpdatedAt = now });
        }

        await db.SaveChangesAsync();
    });

    private static string Id(JsonElement item) => item.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> LinkHeader(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Link", out var values), "no Link header");
        return LinkValue().Matches(string.Join(", ", values)).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
    }

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"([a-z]+)\"")]
    private static partial Regex LinkValue();
}
