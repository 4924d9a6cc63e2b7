using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>One /api/v1 response a test received: the route it matched, its status, media type and body.</summary>
public sealed record RecordedApiResponse(string Method, string Route, int Status, string? MediaType, string Body);

/// <summary>
/// Records every /api/v1 response a hub sends during the tests (in its pipeline, so every test's
/// client is covered), for <see cref="HubFactory"/> to validate against the served OpenAPI document
/// when the hub is disposed: every API response the suite receives must match the document.
/// </summary>
public sealed class ApiResponseRecorder : IStartupFilter
{
    private const int MaxBody = 1024 * 1024;

    public ConcurrentQueue<RecordedApiResponse> Responses { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api/v1") || HttpMethods.IsHead(context.Request.Method))
            {
                await following(context);
                return;
            }

            var original = context.Response.Body;
            using var copy = new MemoryStream();
            context.Response.Body = copy;
            try
            {
                await following(context);
            }
            finally
            {
                context.Response.Body = original;
                copy.Position = 0;
                await copy.CopyToAsync(original);
            }

            if (context.GetEndpoint() is RouteEndpoint endpoint && copy.Length <= MaxBody)
            {
                Responses.Enqueue(new RecordedApiResponse(
                    context.Request.Method, endpoint.RoutePattern.RawText ?? "", context.Response.StatusCode,
                    context.Response.ContentType?.Split(';')[0].Trim(), System.Text.Encoding.UTF8.GetString(copy.ToArray())));
            }
        });
        next(app);
    };
}
