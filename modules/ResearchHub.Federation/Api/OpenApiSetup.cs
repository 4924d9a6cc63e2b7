using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;
using ResearchHub.Library.Api;
using ResearchHub.Library.Domain;
using ResearchHub.Meetings.Api;

namespace ResearchHub.Federation.Api;

/// <summary>
/// One OpenAPI document for every module's /api/v1 endpoints at /openapi/v1.json, generated from
/// the endpoints themselves (Microsoft.AspNetCore.OpenApi), so it cannot drift from the code: each
/// handler's typed results give its success and error codes and schemas; endpoint metadata gives the
/// token scope (and so the 401 and 403 every scoped operation can answer), file bodies and file
/// answers; every error answer is an RFC 9457 problem document, as the /api pipeline writes it.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/developers/api";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Accounts", "The token's member, the network's organisations, and administrators' member list and audit log."),
        ("Library", "Resources of the library: their metadata, visibility and files."),
        ("Meetings", "Meetings, registration, and the date polls members are invited to."),
        ("Codebooks", "Story-coding schemes: code trees and sets, REFI-QDA (.qdc) export and import."),
        ("Search", "One search over everything the caller may see."),
    ];

    /// <summary>The closed sets of codes some string properties take (OpenAPI enums), by type name (Codebooks' too, which this module does not reference) and JSON property name.</summary>
    private static readonly Dictionary<(string Type, string Property), string[]> Enums = new()
    {
        [(nameof(ResourceRequest), "kind")] = [.. ResourceKinds.All.Select(k => k.Slug)],
        [(nameof(ResourceDto), "kind")] = [.. ResourceKinds.All.Select(k => k.Slug)],
        [(nameof(ResourceRequest), "visibility")] = [.. Enum.GetValues<ResourceVisibility>().Select(Visibilities.Code)],
        [(nameof(ResourceDto), "visibility")] = [.. Enum.GetValues<ResourceVisibility>().Select(Visibilities.Code)],
        [("CodebookDto", "visibility")] = [.. Enum.GetValues<ResourceVisibility>().Select(Visibilities.Code)],
        [(nameof(ResourceRequest), "evaluationStatus")] = ["planned", "in-progress", "interim", "final"],
        [(nameof(RegisterRequest), "response")] = ["yes", "maybe", "no"],
        [(nameof(RegistrationStateResponse), "response")] = ["yes", "maybe", "no"],
    };

    public static IServiceCollection AddHubOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            // Pages, feeds and /oai are described elsewhere (OAI-PMH has its own protocol document).
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, context, _) =>
            {
                var scopes = context.ApplicationServices.GetRequiredService<ApiScopeCatalog>().All;
                document.Info = new OpenApiInfo
                {
                    Title = "ResearchHub API",
                    Version = "v1",
                    Description = "The hub's JSON API. Authenticate with a personal API token (Authorization: Bearer TOKEN) "
                        + "whose scopes cover the operation: a level per area (" + string.Join(", ", scopes) + "); "
                        + "each operation names the scope it needs. Operations marked as open to anonymous callers serve public content "
                        + "without a token, and what the token's member may see with one. "
                        + "Lists are paged: ?page= (from 1) and ?pageSize= (capped per list); the body carries items, total, page, pageSize, "
                        + "pageCount and links (first, prev, next, last), and the same links come in an RFC 8288 Link header. "
                        + "Errors are RFC 9457 problem details.",
                };
                // The site's address without a trailing slash, so paths join it as they are written.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/') is { Length: > 0 } url ? url : "/";
                }

                document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
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
            o.AddSchemaTransformer((schema, context, _) =>
            {
                foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
                {
                    if (property is OpenApiSchema concrete && Enums.TryGetValue((context.JsonTypeInfo.Type.Name, name), out var values))
                    {
                        var nullable = concrete.Type?.HasFlag(JsonSchemaType.Null) == true;
                        concrete.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)), .. nullable ? new JsonNode[] { null! } : []];
                    }
                }

                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<FileUploadMetadata>().LastOrDefault() is { } upload)
                {
                    operation.RequestBody = FileBody(upload);
                }

                if (metadata.OfType<FileResponseMetadata>().LastOrDefault() is { } file)
                {
                    operation.Responses ??= [];
                    operation.Responses["200"] = new OpenApiResponse
                    {
                        Description = file.Description,
                        Content = new Dictionary<string, OpenApiMediaType> { [file.ContentType] = new() { Schema = Binary() } },
                    };
                }

                var scope = metadata.OfType<ApiScopeMetadata>().LastOrDefault();
                if (scope is not null)
                {
                    Describe(operation, scope, context);
                }

                // Every error answer on /api is a problem document (the handler's own, or the status
                // code pages' for a bare 401, 403 or 404).
                var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
                foreach (var (code, response) in operation.Responses ?? [])
                {
                    if (code.Length == 3 && code[0] is '4' or '5' && response is OpenApiResponse concrete && (concrete.Content is null || concrete.Content.Count == 0))
                    {
                        concrete.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } };
                    }
                }
            });
        });

    private static void Describe(OpenApiOperation operation, ApiScopeMetadata scope, OpenApiOperationTransformerContext context)
    {
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

        // What the token check itself answers, before the handler runs.
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse
        {
            Description = scope.AnonymousAllowed ? "The token sent was not accepted (unknown, expired or revoked)." : "No token, or one that was not accepted.",
        });
        operation.Responses.TryAdd("403", new OpenApiResponse
        {
            Description = $"The token does not carry the \"{scope.Scope}\" scope, or its member may not do this.",
        });
    }

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };

    private static OpenApiRequestBody FileBody(FileUploadMetadata upload)
    {
        var content = new Dictionary<string, OpenApiMediaType> { [upload.RawContentType] = new() { Schema = Binary() } };
        if (upload.MultipartField is { } field)
        {
            content["multipart/form-data"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { [field] = Binary() },
                    Required = new HashSet<string> { field },
                },
            };
        }

        return new OpenApiRequestBody { Required = true, Description = upload.Description, Content = content };
    }

    public static IEndpointRouteBuilder MapHubOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
