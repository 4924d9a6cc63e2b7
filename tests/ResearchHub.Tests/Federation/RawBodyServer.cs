using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// A bare TCP server on loopback that answers every connection with an HTTP/1.1 200 whose body has
/// no declared length and never ends (until <see cref="Total"/>): the "2 GB body". Plain sockets,
/// so a write fails as soon as the client has closed, and <see cref="BytesWritten"/> counts what
/// the kernel accepted, not what a server framework buffered and discarded.
/// </summary>
internal sealed class RawBodyServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _bytesWritten;

    public RawBodyServer(long total)
    {
        Total = total;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public long Total { get; }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/oai";

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    private async Task AcceptAsync()
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var request = new byte[8192];
            var read = 0;
            while (read < request.Length && !Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(request.AsMemory(read), _stop.Token);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            try
            {
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                for (long sent = 0; sent < Total; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _bytesWritten, chunk.Length);
                }
            }
            catch (IOException)
            {
                // The client closed the connection: the behaviour under test.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while waiting for a connection.
        }

        _stop.Dispose();
    }
}
