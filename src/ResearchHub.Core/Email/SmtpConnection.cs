using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace ResearchHub.Core.Email;

/// <summary>An SMTP reply: the three-digit code and its text (lines joined).</summary>
public sealed record SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public override string ToString() => $"{Code.ToString(CultureInfo.InvariantCulture)} {Text}";
}

/// <summary>
/// The relay answered a command with an error. 5xx is permanent for the message (RFC 5321 4.2.1),
/// 4xx is worth trying again later.
/// </summary>
public sealed class SmtpCommandException(string command, SmtpReply reply)
    : Exception($"The relay answered {command} with {reply}")
{
    public SmtpReply Reply { get; } = reply;

    public bool Permanent => Reply.Code is >= 500 and < 600;
}

/// <summary>
/// One SMTP session (RFC 5321) over TCP, optionally upgraded with STARTTLS (RFC 3207) and
/// authenticated (AUTH PLAIN or LOGIN, RFC 4954), which sends any number of messages one after
/// another: MAIL FROM, RCPT TO, DATA with dot-stuffing, pipelined when the server offers
/// PIPELINING (RFC 2920), RSET after a refused transaction so the session carries on. Every read
/// and write has the configured timeout; after a timeout, a broken connection or a reply out of
/// step, <see cref="IsBroken"/> is set and the session must not be used again.
/// </summary>
public sealed class SmtpConnection : IAsyncDisposable
{
    private const int MaxReplyLine = 4096;
    private readonly TcpClient _tcp;
    private readonly TimeSpan _timeout;
    private readonly byte[] _in = new byte[8192];
    private int _inStart;
    private int _inEnd;
    private Stream _stream;
    private HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase);
    private string _authMechanisms = "";
    private bool _prepared;

    private SmtpConnection(TcpClient tcp, TimeSpan timeout)
    {
        _tcp = tcp;
        _timeout = timeout;
        _stream = Stream.Null; // the network stream once connected
    }

    /// <summary>True once the session cannot be trusted (timeout, I/O error, 421, protocol error).</summary>
    public bool IsBroken { get; private set; }

    /// <summary>Messages sent on this session so far.</summary>
    public int MessagesSent { get; private set; }

    /// <summary>The extensions the server offered to our last EHLO.</summary>
    public IReadOnlySet<string> Extensions => _extensions;

    /// <summary>Connects, reads the greeting, says EHLO, upgrades with STARTTLS and authenticates when configured.</summary>
    public static async Task<SmtpConnection> OpenAsync(SmtpSettings settings, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds > 0 ? settings.TimeoutSeconds : 60);
        var tcp = new TcpClient { NoDelay = true };
        var connection = new SmtpConnection(tcp, timeout);
        try
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                cts.CancelAfter(timeout);
                try
                {
                    await tcp.ConnectAsync(settings.Host, settings.Port, cts.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"Connecting to {settings.Host}:{settings.Port} timed out.");
                }
            }

            connection._stream = tcp.GetStream();
            await connection.ExpectAsync("greeting", 220, ct);
            await connection.HelloAsync(ct);
            if (settings.StartTls)
            {
                if (!connection._extensions.Contains("STARTTLS"))
                {
                    throw new SmtpCommandException("EHLO", new SmtpReply(454, "the relay does not offer STARTTLS, which the configuration requires"));
                }

                await connection.CommandAsync("STARTTLS", 220, ct);
                if (connection._inEnd > connection._inStart)
                {
                    // Bytes after the 220 and before the handshake were not sent by a TLS peer (RFC 3207 5, command injection).
                    throw new IOException("The relay sent data before the TLS handshake.");
                }

                var ssl = new SslStream(connection._stream, leaveInnerStreamOpen: false);
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(timeout);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Host }, cts.Token);
                connection._stream = ssl;
                await connection.HelloAsync(ct);
            }

            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await connection.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one message: <see cref="PrepareAsync"/> then <see cref="CommitAsync"/>.</summary>
    public async Task SendAsync(string envelopeFrom, string envelopeTo, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        await PrepareAsync(envelopeFrom, envelopeTo, message, ct);
        await CommitAsync(ct);
    }

    /// <summary>
    /// Everything of one message but its last line: MAIL FROM, RCPT TO, DATA and the dot-stuffed
    /// content (<paramref name="message"/> is the whole RFC 5322 text, CRLF line ends, 7-bit).
    /// The relay takes responsibility for a message only at the final "." (RFC 5321 4.1.1.4), so
    /// until <see cref="CommitAsync"/> nothing is delivered: a session that fails here (or a
    /// process killed here) has sent nothing. Throws <see cref="SmtpCommandException"/> when the
    /// relay refuses the sender or recipient (the session is reset and can go on unless the reply
    /// was 421), an I/O or timeout exception when the connection fails (the session is broken).
    /// </summary>
    public async Task PrepareAsync(string envelopeFrom, string envelopeTo, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(IsBroken, this);
        if (_prepared)
        {
            throw new InvalidOperationException("The previous message is neither committed nor abandoned.");
        }

        CheckAddress(envelopeFrom);
        CheckAddress(envelopeTo);
        var mail = $"MAIL FROM:<{envelopeFrom}>";
        var rcpt = $"RCPT TO:<{envelopeTo}>";
        try
        {
            SmtpReply mailReply, rcptReply, dataReply;
            if (_extensions.Contains("PIPELINING"))
            {
                await WriteAsync(Encoding.ASCII.GetBytes($"{mail}\r\n{rcpt}\r\nDATA\r\n"), ct);
                mailReply = await ReadReplyAsync(ct);
                rcptReply = await ReadReplyAsync(ct);
                dataReply = await ReadReplyAsync(ct);
            }
            else
            {
                mailReply = await SendCommandAsync(mail, ct);
                rcptReply = mailReply.IsPositive ? await SendCommandAsync(rcpt, ct) : new SmtpReply(503, "not sent");
                dataReply = rcptReply.IsPositive ? await SendCommandAsync("DATA", ct) : new SmtpReply(503, "not sent");
            }

            var refused = !mailReply.IsPositive ? ("MAIL FROM", mailReply)
                : !rcptReply.IsPositive ? ("RCPT TO", rcptReply)
                : dataReply.Code != 354 ? ("DATA", dataReply)
                : default;
            if (refused.Item2 is not null)
            {
                if (dataReply.Code == 354)
                {
                    // A server that accepted DATA after refusing the recipient: end the empty data, then reset.
                    await WriteAsync(".\r\n"u8.ToArray(), ct);
                    await ReadReplyAsync(ct);
                }

                await RefusedAsync(refused.Item1, refused.Item2, ct);
            }

            await WriteDataAsync(message, ct);
            _prepared = true;
        }
        catch (Exception ex) when (ex is not SmtpCommandException)
        {
            IsBroken = true;
            throw;
        }
    }

    /// <summary>
    /// The final "." of the prepared message and the relay's answer: from the moment the dot is
    /// written the message may be delivered, whatever happens to this process.
    /// </summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(IsBroken, this);
        if (!_prepared)
        {
            throw new InvalidOperationException("No message is prepared.");
        }

        _prepared = false;
        try
        {
            await WriteAsync(".\r\n"u8.ToArray(), ct);
            var final = await ReadReplyAsync(ct);
            if (final.Code != 250)
            {
                await RefusedAsync("the message data", final, ct);
            }

            MessagesSent++;
        }
        catch (Exception ex) when (ex is not SmtpCommandException)
        {
            IsBroken = true;
            throw;
        }
    }

    /// <summary>Checks the session is alive (before reusing one that sat idle).</summary>
    public async Task<bool> NoopAsync(CancellationToken ct)
    {
        try
        {
            return (await SendCommandAsync("NOOP", ct)).Code == 250;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or SocketException or ObjectDisposedException)
        {
            IsBroken = true;
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // With a message prepared the relay is reading data: QUIT would be taken as content. Just
        // closing the connection makes it drop the unfinished message.
        if (!IsBroken && !_prepared && _tcp.Connected)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _stream.WriteAsync("QUIT\r\n"u8.ToArray(), cts.Token);
                await _stream.FlushAsync(cts.Token);
                await ReadReplyAsync(cts.Token);
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Leaving anyway.
            }
        }

        IsBroken = true;
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    /// <summary>The transaction was refused: reset it so the next message starts clean, then report why.</summary>
    private async Task RefusedAsync(string command, SmtpReply reply, CancellationToken ct)
    {
        if (reply.Code == 421)
        {
            IsBroken = true; // the server is closing the session
        }
        else
        {
            var reset = await SendCommandAsync("RSET", ct);
            if (reset.Code != 250)
            {
                IsBroken = true;
            }
        }

        throw new SmtpCommandException(command, reply);
    }

    private async Task HelloAsync(CancellationToken ct)
    {
        var name = LocalName();
        var reply = await SendCommandAsync($"EHLO {name}", ct);
        if (reply.Code == 250)
        {
            var lines = reply.Text.Split('\n');
            _extensions = new HashSet<string>(lines.Skip(1).Select(l => l.Split(' ')[0].Trim()), StringComparer.OrdinalIgnoreCase);
            _authMechanisms = lines.Skip(1).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase) || l.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase)) ?? "";
            return;
        }

        // An old server: HELO, and no extensions.
        await CommandAsync($"HELO {name}", 250, ct);
        _extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    }

    private async Task AuthenticateAsync(string user, string password, CancellationToken ct)
    {
        var mechanisms = _authMechanisms.ToUpperInvariant().Split([' ', '='], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToHashSet();
        if (mechanisms.Contains("PLAIN"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            await CommandAsync($"AUTH PLAIN {token}", 235, ct, redacted: "AUTH PLAIN ***");
        }
        else if (mechanisms.Contains("LOGIN"))
        {
            await CommandAsync("AUTH LOGIN", 334, ct);
            await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), 334, ct, redacted: "(user name)");
            await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), 235, ct, redacted: "(password)");
        }
        else
        {
            throw new SmtpCommandException("AUTH", new SmtpReply(454, "the relay offers neither AUTH PLAIN nor AUTH LOGIN"));
        }
    }

    /// <summary>The address literal of our end of the connection: always a valid EHLO argument.</summary>
    private string LocalName()
    {
        if (_tcp.Client.LocalEndPoint is IPEndPoint { Address: var address })
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{address}]" : $"[{address}]";
        }

        return "[127.0.0.1]";
    }

    private async Task CommandAsync(string command, int expected, CancellationToken ct, string? redacted = null)
    {
        var reply = await SendCommandAsync(command, ct);
        if (reply.Code != expected)
        {
            throw new SmtpCommandException(redacted ?? command.Split(' ')[0], reply);
        }
    }

    private async Task ExpectAsync(string what, int expected, CancellationToken ct)
    {
        var reply = await ReadReplyAsync(ct);
        if (reply.Code != expected)
        {
            throw new SmtpCommandException(what, reply);
        }
    }

    private async Task<SmtpReply> SendCommandAsync(string command, CancellationToken ct)
    {
        await WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), ct);
        return await ReadReplyAsync(ct);
    }

    /// <summary>The message with every line opening with '.' doubled (RFC 5321 4.5.2), ending with CRLF; not the final dot.</summary>
    private async Task WriteDataAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var endsWithNewLine = message.Span.EndsWith("\r\n"u8);
        if (!message.Span.StartsWith("."u8) && message.Span.IndexOf("\n."u8) < 0)
        {
            await WriteAsync(message, ct); // nothing to stuff: the usual case for our own MIME output
        }
        else
        {
            var stuffed = new MemoryStream(message.Length + 64);
            var rest = message.Span;
            if (rest.StartsWith("."u8))
            {
                stuffed.WriteByte((byte)'.');
            }

            int at;
            while ((at = rest.IndexOf("\n."u8)) >= 0)
            {
                stuffed.Write(rest[..(at + 1)]);
                stuffed.WriteByte((byte)'.');
                rest = rest[(at + 1)..];
            }

            stuffed.Write(rest);
            await WriteAsync(stuffed.GetBuffer().AsMemory(0, (int)stuffed.Length), ct);
        }

        if (!endsWithNewLine)
        {
            await WriteAsync("\r\n"u8.ToArray(), ct);
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_timeout);
        try
        {
            await _stream.WriteAsync(bytes, cts.Token);
            await _stream.FlushAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            IsBroken = true;
            throw new TimeoutException($"The relay did not take our data within {_timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>One reply, possibly of several lines ("250-..." then "250 ..."); its lines are joined with '\n'.</summary>
    private async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_timeout);
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await ReadLineAsync(cts.Token);
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                    || code < 200 || code > 599 || (line.Length > 3 && line[3] is not (' ' or '-')))
                {
                    IsBroken = true;
                    throw new IOException($"The relay's reply is not SMTP: '{Truncate(line)}'.");
                }

                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] == ' ')
                {
                    if (code == 421)
                    {
                        IsBroken = true;
                    }

                    return new SmtpReply(code, text.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            IsBroken = true;
            throw new TimeoutException($"The relay did not answer within {_timeout.TotalSeconds:0} seconds.");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var available = _in.AsSpan(_inStart, _inEnd - _inStart);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = available[..newline];
                if (line.Length > 0 && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                var result = Encoding.ASCII.GetString(line);
                _inStart += newline + 1;
                return result;
            }

            if (_inEnd - _inStart >= MaxReplyLine)
            {
                IsBroken = true;
                throw new IOException("The relay sent a reply line longer than SMTP allows.");
            }

            if (_inStart > 0)
            {
                Array.Copy(_in, _inStart, _in, 0, _inEnd - _inStart);
                _inEnd -= _inStart;
                _inStart = 0;
            }

            var read = await _stream.ReadAsync(_in.AsMemory(_inEnd), ct);
            if (read == 0)
            {
                IsBroken = true;
                throw new IOException("The relay closed the connection.");
            }

            _inEnd += read;
        }
    }

    /// <summary>No line breaks or angle brackets in an envelope address (no command injection).</summary>
    private static void CheckAddress(string address)
    {
        if (address.Length == 0 || address.Any(c => c is '\r' or '\n' or '<' or '>' || char.IsControl(c)))
        {
            throw new FormatException($"'{address}' cannot be used as an envelope address.");
        }
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200];
}
