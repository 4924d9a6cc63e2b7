using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// A real HTTP server on a loopback port (Kestrel, in-process) whose /oai answers come from the
/// test's handler: recorded OAI-PMH responses, errors, hostile documents, or a relay to a hub. The
/// harvester reaches it over TCP like any remote repository. Counts and records the requests.
/// </summary>
internal sealed class LoopbackOaiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackOaiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public int Requests => _requests;

    public List<string> Queries { get; } = [];

    public static async Task<LoopbackOaiServer> StartAsync(Func<HttpContext, LoopbackOaiServer, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackOaiServer(app);
        app.Map("/oai", async context =>
        {
            Interlocked.Increment(ref server._requests);
            lock (server.Queries)
            {
                server.Queries.Add(context.Request.QueryString.Value ?? "");
            }

            await handler(context, server);
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/') + "/oai";
        return server;
    }

    public async Task WriteAsync(HttpContext context, string xml)
    {
        context.Response.ContentType = "text/xml; charset=utf-8";
        var bytes = System.Text.Encoding.UTF8.GetBytes(xml);
        await context.Response.Body.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
