using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Pages.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Web;

/// <summary>
/// HEAD is answered wherever GET is (RFC 9110): every GET route of the endpoint data source, with
/// sample ids from the demo network, answers HEAD with the GET's status and headers and no body,
/// for an anonymous visitor and for a signed-in administrator.
/// </summary>
public sealed class HeadRequestTests(DemoHubs hubs) : IClassFixture<DemoHubs>
{
    /// <summary>
    /// Headers that differ between any two requests: a fresh antiforgery cookie, the clock, the age of
    /// an answer from the output cache, and the length, which an answer from the cache states and a
    /// streamed one does not (checked against the GET's body where stated).
    /// </summary>
    private static readonly HashSet<string> PerRequest = new(StringComparer.OrdinalIgnoreCase) { "Date", "Set-Cookie", "Age", "Content-Length" };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Every_get_route_answers_head_with_the_gets_status_and_headers_and_no_body(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var samples = await SamplesAsync(hub);
        var urls = hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .Select(e => Url(e.RoutePattern, samples))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(urls.Count > 50, $"only {urls.Count} GET routes found");

        var anonymous = hub.CreateBrowserClient();
        var admin = await SignInAdminAsync(hub);
        var answered = new Dictionary<string, HttpStatusCode>();
        foreach (var url in urls)
        {
            foreach (var (who, client) in new[] { ("anonymous", anonymous), ("administrator", admin) })
            {
                using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
                var body = await get.Content.ReadAsByteArrayAsync();
                using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
                var context = $"HEAD {url} as {who}";
                Assert.True(get.StatusCode == head.StatusCode, $"{context}: {(int)head.StatusCode}, GET answered {(int)get.StatusCode}");
                Assert.Equal(Headers(get), Headers(head));
                if (head.Content.Headers.NonValidated.TryGetValues("Content-Length", out var length) && get.StatusCode == HttpStatusCode.OK)
                {
                    Assert.True(length.ToString() == body.Length.ToString(CultureInfo.InvariantCulture), $"{context}: Content-Length {length}, the GET's body has {body.Length} bytes");
                }
                Assert.Empty(await head.Content.ReadAsByteArrayAsync());
                if (who == "anonymous")
                {
                    answered[url] = get.StatusCode;
                }
            }
        }

        // The machine endpoints the issue named really were reached with data behind them, not just 404s.
        foreach (var url in new[]
        {
            "/oai", "/sitemap.xml", "/library/feed.atom", "/library/cite/bibtex", $"/library/{samples["resource"]}/cite/bibtex",
            $"/library/{samples["resource"]}/files/{samples["fileId"]}/{samples["name"]}", $"/meetings/{samples["meeting"]}/calendar.ics",
            $"/codebooks/{samples["codebook"]}/export.qdc", "/api/v1/resources", $"/api/v1/resources/{samples["resource"]}",
            "/openapi/v1.json", "/healthz",
        })
        {
            Assert.True(answered.TryGetValue(url, out var status) && status == HttpStatusCode.OK, $"GET {url}: {(answered.TryGetValue(url, out var s) ? (int)s : 0)}");
        }
    }

    /// <summary>Every header of the response and its content but the per-request ones, as "name: value" lines.</summary>
    private static List<string> Headers(HttpResponseMessage response) =>
        response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Where(h => !PerRequest.Contains(h.Key))
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>A route with each parameter replaced by a sample that exists (ids of the demo network's public records).</summary>
    private static string Url(RoutePattern pattern, IReadOnlyDictionary<string, string> samples)
    {
        var raw = "/" + pattern.RawText!.TrimStart('/');
        var path = raw;
        foreach (var parameter in pattern.Parameters)
        {
            var value = parameter.Name switch
            {
                "id" when raw.StartsWith("/library", StringComparison.Ordinal) || raw.StartsWith("/api/v1/resources", StringComparison.Ordinal) => samples["resource"],
                "id" when raw.StartsWith("/codebooks/crosswalks", StringComparison.Ordinal) => samples["crosswalk"],
                "id" when raw.StartsWith("/codebooks", StringComparison.Ordinal) || raw.StartsWith("/api/v1/codebooks", StringComparison.Ordinal) => samples["codebook"],
                "id" when raw.StartsWith("/meetings/polls", StringComparison.Ordinal) || raw.StartsWith("/api/v1/polls", StringComparison.Ordinal) => samples["poll"],
                "id" when raw.StartsWith("/meetings", StringComparison.Ordinal) || raw.StartsWith("/api/v1/meetings", StringComparison.Ordinal) => samples["meeting"],
                "id" when raw.StartsWith("/groups", StringComparison.Ordinal) => samples["thread"],
                "id" when raw.StartsWith("/admin/pages", StringComparison.Ordinal) => samples["page"],
                "slug" when raw.StartsWith("/library", StringComparison.Ordinal) => samples["resourceSlug"],
                "slug" when raw.StartsWith("/pages", StringComparison.Ordinal) => samples["pageSlug"],
                "slug" when raw.StartsWith("/meetings/series", StringComparison.Ordinal) => samples["seriesSlug"],
                "slug" => samples["groupSlug"],
                "code" => samples["code"],
                "fileId" => samples["fileId"],
                "name" => samples["name"],
                "format" => "bibtex",
                "documentId" => "1",
                "userId" => samples["userId"],
                "handler" => "",
                "documentName" => "v1",
                _ => "1",
            };
            path = System.Text.RegularExpressions.Regex.Replace(path, @"\{\**" + parameter.Name + @"[^}]*\}", value.Replace("$", "$$", StringComparison.Ordinal));
        }

        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static async Task<Dictionary<string, string>> SamplesAsync(HubFactory hub)
    {
        var resource = await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Visibility == ResourceVisibility.Public).OrderBy(r => r.Id).FirstAsync());
        var file = (await AddFileAsync(hub, resource.Id, "notes.txt", "Notes for HEAD."u8.ToArray())).File!;
        return await hub.WithDbAsync(async db =>
        {
            string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
            var codebook = await db.Set<Codebook>().Where(c => c.Visibility == ResourceVisibility.Public).OrderBy(c => c.Id).FirstAsync();
            return new Dictionary<string, string>
            {
                ["resource"] = Text(resource.Id),
                ["resourceSlug"] = resource.Slug,
                ["fileId"] = Text(file.Id),
                ["name"] = file.FileName,
                ["codebook"] = Text(codebook.Id),
                ["code"] = (await db.Set<Code>().Where(c => c.CodebookId == codebook.Id).OrderBy(c => c.Id).Select(c => c.Guid).FirstAsync()).ToString(),
                ["crosswalk"] = Text(await db.Set<Crosswalk>().OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync()),
                ["meeting"] = Text(await db.Set<Meeting>().Where(m => m.Visibility == MeetingVisibility.Public).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync()),
                ["poll"] = Text(await db.Set<DatePoll>().OrderBy(p => p.Id).Select(p => p.Id).FirstOrDefaultAsync()),
                ["seriesSlug"] = await db.Set<MeetingSeries>().OrderBy(s => s.Id).Select(s => s.Slug).FirstAsync(),
                ["page"] = Text(await db.Set<Page>().OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()),
                ["pageSlug"] = await db.Set<Page>().Where(p => p.Published).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync(),
                ["groupSlug"] = await db.Set<MailingGroup>().OrderBy(g => g.Id).Select(g => g.Slug).FirstAsync(),
                ["thread"] = Text(await db.Set<GroupPost>().OrderBy(t => t.Id).Select(t => t.Id).FirstOrDefaultAsync()),
                ["userId"] = await db.Set<ResearchHub.Accounts.Domain.HubUser>().OrderBy(u => u.Email).Select(u => u.Id).FirstAsync(),
            };
        });
    }
}
