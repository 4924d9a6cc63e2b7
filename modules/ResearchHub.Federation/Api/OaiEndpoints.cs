using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ResearchHub.Federation.Services;

namespace ResearchHub.Federation.Api;

/// <summary>The OAI-PMH base URL: GET with a query, or POST with a urlencoded form (protocol 3.1.1).</summary>
public static class OaiEndpoints
{
    /// <summary>An OAI request is a handful of short arguments; anything longer is not one.</summary>
    private const int MaxFormBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapOai(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OaiProvider.Path, (HttpContext context, OaiProvider provider, CancellationToken ct) =>
                AnswerAsync(provider, Pairs(context.Request.Query), ct))
            .ExcludeFromDescription();

        endpoints.MapPost(OaiProvider.Path, async (HttpContext context, OaiProvider provider, CancellationToken ct) =>
            {
                if (!context.Request.HasFormContentType || context.Request.ContentLength > MaxFormBytes)
                {
                    return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
                }

                var form = await context.Request.ReadFormAsync(ct);
                return await AnswerAsync(provider, Pairs(form), ct);
            })
            // Harvesters post without antiforgery tokens; the endpoint changes nothing.
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> AnswerAsync(OaiProvider provider, List<KeyValuePair<string, string>> arguments, CancellationToken ct) =>
        Results.Bytes(await provider.HandleAsync(arguments, ct), "text/xml; charset=utf-8");

    private static List<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
}
