using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// HEAD wherever GET is answered (RFC 9110 9.3.2): link checkers, feed readers and calendar clients
/// probe with it. Minimal API endpoints match GET only, so a HEAD request is routed as a GET and
/// everything it writes to the body is dropped: the status and headers (content type, length,
/// disposition, caching, Link, X-Total-Count) are the GET's own, and no endpoint has to know.
/// The method is HEAD again once the request is done, for logging and the server.
/// </summary>
public sealed class HeadRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Request.Method = HttpMethods.Get;
        context.Features.Set<IHttpResponseBodyFeature>(new DiscardingBody(original));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
            context.Request.Method = HttpMethods.Head;
        }
    }

    /// <summary>Starts the response as the real body would (headers, OnStarting callbacks), then drops every byte.</summary>
    private sealed class DiscardingBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
    {
        private DiscardingStream? _stream;
        private PipeWriter? _writer;
        private bool _started;

        public Stream Stream => _stream ??= new DiscardingStream(this);

        public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream, new StreamPipeWriterOptions(leaveOpen: true));

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (_started)
            {
                return Task.CompletedTask;
            }

            _started = true;
            return inner.StartAsync(cancellationToken);
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            StartAsync(cancellationToken);

        public async Task CompleteAsync()
        {
            if (_writer is not null)
            {
                await _writer.CompleteAsync();
            }

            await inner.CompleteAsync();
        }
    }

    private sealed class DiscardingStream(DiscardingBody body) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => body.StartAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            body.StartAsync(cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(body.StartAsync(cancellationToken));
    }
}
