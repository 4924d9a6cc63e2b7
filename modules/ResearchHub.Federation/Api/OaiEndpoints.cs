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

        // Whatever is posted, the answer is OAI-PMH (protocol 3.1.1): no body is a request without a
        // verb (badVerb); a body that is not a short urlencoded form is a badArgument.
        endpoints.MapPost(OaiProvider.Path, async (HttpContext context, OaiProvider provider, CancellationToken ct) =>
            {
                var request = context.Request;
                if (request.ContentLength > MaxFormBytes)
                {
                    return await AnswerAsync(provider, [], ct, $"An OAI-PMH request is a few short arguments; this body is larger than {MaxFormBytes / 1024} KB.");
                }

                if (!request.HasFormContentType)
                {
                    var empty = request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any();
                    return await AnswerAsync(provider, [], ct,
                        empty ? null : "A POST request carries its arguments as application/x-www-form-urlencoded.");
                }

                try
                {
                    var form = await request.ReadFormAsync(ct);
                    return await AnswerAsync(provider, Pairs(form), ct);
                }
                catch (InvalidDataException)
                {
                    return await AnswerAsync(provider, [], ct, "The form could not be read.");
                }
            })
            // Harvesters post without antiforgery tokens; the endpoint changes nothing.
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> AnswerAsync(OaiProvider provider, List<KeyValuePair<string, string>> arguments, CancellationToken ct, string? requestProblem = null) =>
        Results.Bytes(await provider.HandleAsync(arguments, ct, requestProblem), "text/xml; charset=utf-8");

    private static List<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
}
