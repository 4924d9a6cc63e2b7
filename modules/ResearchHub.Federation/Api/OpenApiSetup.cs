using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ResearchHub.Federation.Api;

/// <summary>
/// One OpenAPI document for every module's /api/v1 endpoints at /openapi/v1.json, generated from
/// the endpoints themselves (Microsoft.AspNetCore.OpenApi), so it cannot drift from the code.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/developers/api";

    public static IServiceCollection AddHubOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            // Pages, feeds and /oai are described elsewhere (OAI-PMH has its own protocol document).
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ResearchHub API",
                    Version = "v1",
                    Description = "The hub's JSON API. Authenticate with a personal API token (Authorization: Bearer TOKEN) "
                        + "whose scopes (read, write, admin) cover the operation. Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API token, created on the account page.",
                };
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapHubOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
