using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// A real HTTP server on a loopback port (Kestrel, in-process) whose /oai answers come from the
/// test's handler: recorded OAI-PMH responses, errors, hostile bodies, or a proxy to a hub. The
/// harvester reaches it over TCP like any remote repository. Counts requests and bytes written.
/// </summary>
internal sealed class LoopbackOaiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bytesWritten;
    private int _requests;

    private LoopbackOaiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

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
        Interlocked.Add(ref _bytesWritten, bytes.Length);
    }

    /// <summary>Writes chunks until the client goes away (or the total is reached).</summary>
    public async Task StreamAsync(HttpContext context, byte[] chunk, long total)
    {
        context.Response.ContentType = "text/xml";
        try
        {
            // BodyWriter reports when the connection is gone; Body.WriteAsync would silently discard instead.
            for (long sent = 0; sent < total && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                var result = await context.Response.BodyWriter.WriteAsync(chunk, context.RequestAborted);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }

                Interlocked.Add(ref _bytesWritten, chunk.Length);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The harvester stopped reading and closed the connection: what the test expects.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
