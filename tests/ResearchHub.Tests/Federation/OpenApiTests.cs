using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Security;
using ResearchHub.Library.Api;
using ResearchHub.Library.Domain;
using ResearchHub.Meetings.Api;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// /openapi/v1.json is valid JSON, lists every /api/v1 endpoint the modules map (compared with the
/// app's own endpoint table), and every operation it lists answers without a server error.
/// </summary>
public sealed partial class OpenApiTests(FederationHubs hubs, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FederationHubs>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task The_document_lists_every_api_operation_and_each_answers_without_a_server_error()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var anonymous = hub.CreateClient();
        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());

        var listed = new HashSet<(string Method, string Path)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            Assert.StartsWith("/api/v1", path.Name);
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                listed.Add((operation.Name.ToUpperInvariant(), path.Name));
            }
        }

        // Every /api/v1 endpoint the app maps, from its own endpoint table.
        var mapped = hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, Normalise("/" + e.RoutePattern.RawText!.TrimStart('/')))))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        Assert.Equal(mapped.Order(), listed.Order());

        // Each listed operation, called as an administrator with every scope: never a 500.
        var admin = await hub.WithScopeAsync(sp => sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var token = await CreateTokenAsync(hub, admin!, true, ApiScopes.Read, ApiScopes.Write, ApiScopes.Admin);
        var resource = await CreateResourceAsync(hub, "OpenAPI sample", null, ResourceVisibility.Public);
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (method, path) in listed.OrderBy(l => l.Method == "DELETE").ThenBy(l => l.Path))
        {
            var url = Parameter().Replace(path, resource.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var answer = await client.SendAsync(request);
            Assert.True((int)answer.StatusCode < 500, $"{method} {url} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Redocly CLI (not ours) lints the served document with its recommended rules: no errors; the
    /// warnings it still gives are printed (test output) and listed in the README.
    /// </summary>
    [Fact]
    public async Task The_served_document_passes_redocly_lint_without_errors()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var file = Path.Combine(hub.AppData, "openapi-v1.json");
        await File.WriteAllTextAsync(file, await hub.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { TestEnvironment.Redocly, "lint", file, "--format=json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        using var report = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => (Severity: p.GetProperty("severity").GetString(), Rule: p.GetProperty("ruleId").GetString(), Message: p.GetProperty("message").GetString(),
                Where: string.Join(" ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))))
            .ToList();
        foreach (var warning in problems.Where(p => p.Severity == "warn"))
        {
            output.WriteLine($"warning {warning.Rule}: {warning.Message} {warning.Where}");
        }

        var errors = problems.Where(p => p.Severity == "error").Select(p => $"{p.Rule}: {p.Message} {p.Where}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + await stderr);
    }

    /// <summary>The check every hub runs on dispose does fail: a body that breaks the schema, an undocumented status or media type.</summary>
    [Fact]
    public async Task The_response_check_flags_what_the_document_does_not_describe()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var resource = await CreateResourceAsync(hub, "Checked against the schema", null, ResourceVisibility.Public);
        var client = hub.CreateClient();
        var validator = new OpenApiResponseValidator(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        const string route = "/api/v1/resources/{id:long}";
        var body = await client.GetStringAsync(new Uri($"/api/v1/resources/{resource.Id}", UriKind.Relative));

        Assert.Empty(validator.Check("GET", route, 200, "application/json", body));
        Assert.NotEmpty(validator.Check("GET", route, 200, "application/json", body.Replace("\"slug\":", "\"slug\":1,\"x\":", StringComparison.Ordinal)));
        Assert.NotEmpty(validator.Check("GET", route, 200, "application/json", "{\"id\":\"not a number\"}"));
        Assert.NotEmpty(validator.Check("GET", route, 200, "text/html", "<p>hello</p>"));
        Assert.NotEmpty(validator.Check("GET", route, 409, "application/problem+json", "{}"));
        Assert.NotEmpty(validator.Check("GET", route, 404, "application/problem+json", "{\"status\":\"four hundred and four\"}"));
    }

    /// <summary>A poll that does not exist (or that the caller may not see) is 404 to GET and to POST alike.</summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Answering_a_missing_poll_is_not_found_as_reading_it_is(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var admin = await hub.WithScopeAsync(sp => sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var client = ApiClient(hub, await CreateTokenAsync(hub, admin!, true, MeetingsApiScopes.Read, MeetingsApiScopes.Write));
        using var read = await client.GetAsync(new Uri("/api/v1/polls/0", UriKind.Relative));
        using var answer = await client.PostAsync(new Uri("/api/v1/polls/0/answers", UriKind.Relative),
            new StringContent("{\"choices\":{\"1\":\"yes\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A field the resource's kind does not have is refused by name, not dropped behind a 201.</summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_field_the_kind_does_not_have_is_refused_with_a_400_naming_it(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var admin = await hub.WithScopeAsync(sp => sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var client = ApiClient(hub, await CreateTokenAsync(hub, admin!, true, LibraryApiScopes.Read, LibraryApiScopes.Write));
        var before = await hub.WithDbAsync(db => db.Set<Resource>().CountAsync());
        using var refused = await client.PostAsync(new Uri("/api/v1/resources", UriKind.Relative), new StringContent(
            "{\"kind\":\"case-study\",\"title\":\"With a publisher\",\"publisher\":\"Some Press\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var message = Assert.Single(problem.RootElement.GetProperty("errors").GetProperty("publisher").EnumerateArray()).GetString();
        Assert.Contains("literature-reference", message, StringComparison.Ordinal);
        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<Resource>().CountAsync()));

        using var kept = await client.PostAsync(new Uri("/api/v1/resources", UriKind.Relative), new StringContent(
            "{\"kind\":\"literature-reference\",\"title\":\"A book\",\"authors\":[{\"name\":\"Ada Lovelace\"}],\"publisher\":\"Some Press\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, kept.StatusCode);
        using var body = JsonDocument.Parse(await kept.Content.ReadAsStringAsync());
        Assert.Equal("Some Press", body.RootElement.GetProperty("publisher").GetString());
    }

    [Fact]
    public async Task The_reference_page_lists_the_operations_for_people()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var page = await hub.CreateBrowserClient().GetDocumentAsync("/developers/api");
        var paths = page.QuerySelectorAll("td code").Select(c => c.TextContent).ToList();
        Assert.Contains("/api/v1/resources", paths);
        Assert.Contains("/api/v1/me", paths);
        Assert.NotNull(page.QuerySelector("a[href='/openapi/v1.json']"));
    }

    /// <summary>Route constraints and optional markers go; OpenAPI paths keep only {name}.</summary>
    private static string Normalise(string pattern) => Constraint().Replace(pattern, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{\*?\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
