using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Api;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Codebooks.Api;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Library.Api;
using ResearchHub.Meetings.Api;
using ResearchHub.Search.Api;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Accounts;

public sealed class AreaScopeHubs : HubFactoryFixture;

/// <summary>
/// Personal API token scopes per area: a token reaches exactly the operations of the areas and levels
/// it carries (403 elsewhere), the token page builds them, tokens of the global "read"/"write" era keep
/// their meaning (the migration's SQL, run for real, and the expansion at sign-in), and the OpenAPI
/// document names each operation's scope.
/// </summary>
public sealed class AreaScopeTests(AreaScopeHubs hubs) : IClassFixture<AreaScopeHubs>
{
    /// <summary>One operation of each area and level, with a body that passes authorization (the answer may then be 400 or 404).</summary>
    private static readonly (string Scope, string Method, string Url, string? Body)[] Operations =
    [
        (AccountsApiScopes.Read, "GET", "/api/v1/me", null),
        (AccountsApiScopes.Read, "GET", "/api/v1/organisations", null),
        (LibraryApiScopes.Read, "GET", "/api/v1/resources", null),
        (LibraryApiScopes.Write, "POST", "/api/v1/resources", "{}"),
        (LibraryApiScopes.Write, "DELETE", "/api/v1/resources/999999999", null),
        (MeetingsApiScopes.Read, "GET", "/api/v1/meetings", null),
        (MeetingsApiScopes.Read, "GET", "/api/v1/polls/999999999", null),
        (MeetingsApiScopes.Write, "POST", "/api/v1/meetings/999999999/registration", """{ "response": "yes" }"""),
        (CodebooksApiScopes.Read, "GET", "/api/v1/codebooks", null),
        (CodebooksApiScopes.Write, "POST", "/api/v1/codebooks/import?name=Scope", "not a qdc file"),
        (SearchApiScopes.Read, "GET", "/api/v1/search?q=evaluation", null),
        (ApiScopes.Admin, "GET", "/api/v1/admin/members", null),
    ];

    public static TheoryData<string, string> ScopesByProvider()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { "Sqlite", "Postgres" })
        {
            foreach (var scope in TestApiScopes.Catalog.All)
            {
                data.Add(provider, scope);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScopesByProvider))]
    public async Task A_token_with_one_scope_reaches_only_the_operations_of_that_area_and_level(string provider, string scope)
    {
        var hub = await hubs.GetAsync(provider);
        var admin = await CreateUserAsync(hub, HubRoles.Administrator, null);
        var client = Api(hub, await TokenAsync(hub, admin, scope));

        foreach (var (needed, method, url, body) in Operations)
        {
            using var response = await SendAsync(client, method, url, body);
            if (needed == scope)
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && (int)response.StatusCode < 500,
                    $"{scope}: {method} {url} answered {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{scope}: {method} {url} (needs {needed}) answered {(int)response.StatusCode}");
            }
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_library_read_token_reads_the_library_and_is_refused_meetings_and_library_writes(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateUserAsync(hub, HubRoles.PartnerEditor, (await CreateOrganisationAsync(hub, $"Scope org {Guid.NewGuid():N}")).Id);
        var client = Api(hub, await TokenAsync(hub, member, LibraryApiScopes.Read));

        using (var list = await client.GetAsync(new Uri("/api/v1/resources", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using (var meetings = await client.GetAsync(new Uri("/api/v1/meetings", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, meetings.StatusCode);
        }

        var before = await hub.WithDbAsync(db => db.Set<ResearchHub.Library.Domain.Resource>().CountAsync());
        using (var create = await SendAsync(client, "POST", "/api/v1/resources", """{ "kind": "toolkit", "title": "Written with a read token" }"""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }

        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<ResearchHub.Library.Domain.Resource>().CountAsync()));

        // The same member with library:write creates it: the refusal was the scope, not the member's rights.
        var writer = Api(hub, await TokenAsync(hub, member, LibraryApiScopes.Read, LibraryApiScopes.Write));
        using (var created = await SendAsync(writer, "POST", "/api/v1/resources", """{ "kind": "toolkit", "title": "Written with a write token" }"""))
        {
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Tokens_of_the_global_scopes_keep_their_meaning(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateUserAsync(hub, HubRoles.Member, null);

        // The areas are the modules' registrations, in their fixed order (what the theories above run over).
        Assert.Equal(TestApiScopes.Catalog.All, hub.Services.GetRequiredService<ApiScopeCatalog>().All);

        // Rows as the old code wrote them.
        var ids = new Dictionary<string, long>();
        var plain = new Dictionary<string, string>();
        foreach (var legacy in new[] { "read", "write", "read write", "read write admin", "library:read" })
        {
            var text = $"{ApiTokenService.TokenPrefix}{Guid.NewGuid():N}";
            plain[legacy] = text;
            ids[legacy] = await hub.WithDbAsync(async db =>
            {
                var token = new ApiToken
                {
                    UserId = member.Id, Name = legacy, Prefix = text[..10], TokenHash = SecretTokens.Hash(text), Scopes = legacy,
                    CreatedAt = hub.Clock.GetUtcNow(), ExpiresAt = hub.Clock.GetUtcNow().AddDays(30),
                };
                db.Add(token);
                await db.SaveChangesAsync();
                return token.Id;
            });
        }

        // Even before the migration rewrites them, "read" means every area's read (and nothing more).
        using (var me = await Api(hub, plain["read"]).GetAsync(new Uri("/api/v1/me", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
            Assert.Equal(TestApiScopes.Catalog.Areas.Select(a => a.ReadScope), json.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        }

        using (var refused = await SendAsync(Api(hub, plain["read"]), "POST", "/api/v1/resources", "{}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // The migration's own SQL, run on this provider, rewrites the stored words; area scopes are left alone.
        await hub.WithDbAsync(async db =>
        {
            var assembly = db.GetService<IMigrationsAssembly>().Assembly;
            var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Migrations.20261122180000_AreaApiScopes.sql", StringComparison.Ordinal));
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            await db.Database.ExecuteSqlRawAsync(await reader.ReadToEndAsync());
        });

        var stored = await hub.WithDbAsync(db => db.Set<ApiToken>().Where(t => ids.Values.Contains(t.Id)).ToDictionaryAsync(t => t.Name, t => t.Scopes));
        Assert.Equal("accounts:read library:read meetings:read codebooks:read search:read", stored["read"]);
        Assert.Equal("library:write meetings:write codebooks:write", stored["write"]);
        Assert.Equal("accounts:read library:read meetings:read codebooks:read search:read library:write meetings:write codebooks:write", stored["read write"]);
        Assert.Equal(string.Join(' ', TestApiScopes.Catalog.All), stored["read write admin"]);
        Assert.Equal("library:read", stored["library:read"]);
        foreach (var scopes in stored.Values)
        {
            Assert.Equal(TestApiScopes.Catalog.Expand(scopes.Split(' ')), scopes.Split(' '));
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_token_page_builds_scopes_from_the_levels_chosen_per_area(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateUserAsync(hub, HubRoles.Member, null);
        var browser = await SignInAsync(hub, member);

        var page = await browser.GetDocumentAsync("/account/tokens");
        Assert.Null(page.QuerySelector("#scope-admin"));
        Assert.NotNull(page.QuerySelector("input[name='Input.Levels[library]'][value='write']"));
        Assert.Null(page.QuerySelector("input[name='Input.Levels[search]'][value='write']"));

        var form = new Dictionary<string, string> { ["Input.Name"] = "Library sync", ["Input.LifetimeDays"] = "30" };
        foreach (var area in TestApiScopes.Catalog.Areas)
        {
            form[$"Input.Levels[{area.Name}]"] = area.Name switch { "library" => "write", "meetings" => "read", _ => "none" };
        }

        using (var created = await browser.PostFormAsync("/account/tokens", form, formSelector: "form[action*='Create']"))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.NotNull((await created.ReadPageAsync()).Document.QuerySelector("#new-token"));
        }

        Assert.Equal("library:read meetings:read library:write",
            await hub.WithDbAsync(db => db.Set<ApiToken>().Where(t => t.UserId == member.Id && t.Name == "Library sync").Select(t => t.Scopes).SingleAsync()));

        // A level an area does not have, or nothing at all, is refused with a message and creates nothing.
        form["Input.Name"] = "Bad";
        form["Input.Levels[search]"] = "write";
        using (var refused = await browser.PostFormAsync("/account/tokens", form, formSelector: "form[action*='Create']"))
        {
            Assert.Contains("Choose no access, read", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var area in TestApiScopes.Catalog.Areas)
        {
            form[$"Input.Levels[{area.Name}]"] = "none";
        }

        using (var empty = await browser.PostFormAsync("/account/tokens", form, formSelector: "form[action*='Create']"))
        {
            Assert.Contains("Choose at least one of the scopes offered", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<ApiToken>().AnyAsync(t => t.UserId == member.Id && t.Name == "Bad")));
    }

    [Fact]
    public async Task The_openapi_document_names_the_scope_of_each_operation()
    {
        var hub = await hubs.GetAsync("Sqlite");
        using var document = JsonDocument.Parse(await hub.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (scope, method, url, _) in Operations)
        {
            var path = url.Split('?')[0].Replace("999999999", "{id}", StringComparison.Ordinal);
            var operation = paths.GetProperty(path).GetProperty(method.ToLowerInvariant());
            var required = operation.GetProperty("security").EnumerateArray()
                .SelectMany(r => r.EnumerateObject()).Where(p => p.Name == "bearer").SelectMany(p => p.Value.EnumerateArray()).Select(v => v.GetString()).ToList();
            Assert.True(required.SequenceEqual([scope]), $"{method} {path}: {string.Join(",", required)}");
            Assert.Contains(scope, operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_reference_page_names_the_scope_of_each_operation()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var page = await hub.CreateBrowserClient().GetDocumentAsync("/developers/api");
        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        foreach (var (scope, method, url, _) in Operations)
        {
            var path = url.Split('?')[0].Replace("999999999", "{id}", StringComparison.Ordinal);
            var matching = rows.Where(r => r[0] == method && r[1].Replace(":long", "", StringComparison.Ordinal) == path).ToList();
            Assert.True(matching.Count == 1, $"{method} {path}: {matching.Count} rows among {string.Join("; ", rows.Select(x => x[0] + " " + x[1]))}");
            var row = matching[0];
            Assert.Contains(scope, row[^1], StringComparison.Ordinal);
        }
    }

    private static Task<string> TokenAsync(HubFactory hub, HubUser user, params string[] scopes) =>
        CreateTokenAsync(hub, user, isAdministrator: scopes.Contains(ApiScopes.Admin), scopes);

    private static HttpClient Api(HubFactory hub, string token)
    {
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, url.Contains("/import", StringComparison.Ordinal) ? "application/xml" : "application/json");
        }

        return client.SendAsync(request);
    }
}
