using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using ResearchHub.Core.Security;

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
                        + "whose scopes cover the operation: a level per area (" + string.Join(", ", ResearchHub.Accounts.Domain.ApiScopes.All) + "); "
                        + "each operation names the scope it needs. Operations marked as open to anonymous callers serve public content "
                        + "without a token, and what the token's member may see with one. "
                        + "Lists are paged: ?page= (from 1) and ?pageSize= (capped per list); the body carries items, total, page, pageSize, "
                        + "pageCount and links (first, prev, next, last), and the same links come in an RFC 8288 Link header. "
                        + "Errors are RFC 9457 problem details.",
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
            o.AddOperationTransformer((operation, context, _) =>
            {
                var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiScopeMetadata>().LastOrDefault();
                if (scope is null)
                {
                    return Task.CompletedTask;
                }

                // OpenAPI 3.1 lets a non-OAuth scheme's requirement name roles: here, the token scope.
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [scope.Scope] });
                if (scope.AnonymousAllowed)
                {
                    // An empty requirement: callers without a token are served too.
                    operation.Security.Add(new OpenApiSecurityRequirement());
                }

                var note = scope.AnonymousAllowed
                    ? $"Open to anonymous callers (public content); a token must carry the \"{scope.Scope}\" scope."
                    : $"Needs a personal API token with the \"{scope.Scope}\" scope.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? note : $"{operation.Description}\n\n{note}";
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapHubOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
