using System.Net.Sockets;

namespace ResearchHub.Core.Email;

/// <summary>
/// The TCP connection an SMTP session runs on, with Nagle's algorithm off. MailKit writes a
/// message's last bytes (the closing dot) as a small segment after the body; with Nagle on, that
/// segment waits for the relay's acknowledgement of the body, which Linux delays by up to 40 ms, so
/// every message cost ~45 ms on one session however fast both ends were (some 20 messages/s).
/// </summary>
public static class SmtpSockets
{
    public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
