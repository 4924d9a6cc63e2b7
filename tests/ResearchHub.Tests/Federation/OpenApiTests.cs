using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// /openapi/v1.json is valid JSON, lists every /api/v1 endpoint the modules map (compared with the
/// app's own endpoint table), and every operation it lists answers without a server error.
/// </summary>
public sealed partial class OpenApiTests(FederationHubs hubs) : IClassFixture<FederationHubs>
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
