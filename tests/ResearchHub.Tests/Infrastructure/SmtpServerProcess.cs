using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// A private aiosmtpd server for one test (its own port and Maildir), which the test can stop and
/// start again on the same port: for SMTP outages and for servers that refuse mail.
/// </summary>
public sealed class SmtpServerProcess : IAsyncDisposable
{
    private readonly string? _script;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private SmtpServerProcess(int port, string maildir, string? script)
    {
        Port = port;
        Maildir = maildir;
        _script = script;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Where a Mailbox server writes (read it with <c>new MailCatcher(server.Maildir)</c>).</summary>
    public string Maildir { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>aiosmtpd with its Mailbox handler (a Maildir), on a free loopback port.</summary>
    public static async Task<SmtpServerProcess> StartMailboxAsync(CancellationToken ct = default)
    {
        var server = new SmtpServerProcess(TestEnvironment.FreePort(), NewMaildirPath(), null);
        await server.StartAsync(ct);
        return server;
    }

    /// <summary>A server that refuses every recipient with 550 (reject_smtp.py).</summary>
    public static async Task<SmtpServerProcess> StartRejectingAsync(CancellationToken ct = default)
    {
        var server = new SmtpServerProcess(TestEnvironment.FreePort(), NewMaildirPath(),
            TestEnvironment.InfrastructureFile("reject_smtp.py"));
        await server.StartAsync(ct);
        return server;
    }

    /// <summary>
    /// A server whose answers depend on the recipient (scripted_smtp.py: temp… 451, perm… 550, bye…
    /// accepted and then the connection closed), keeping what it accepts in <see cref="Maildir"/>.
    /// </summary>
    public static async Task<SmtpServerProcess> StartScriptedAsync(CancellationToken ct = default)
    {
        var server = new SmtpServerProcess(TestEnvironment.FreePort(), NewMaildirPath(),
            TestEnvironment.InfrastructureFile("scripted_smtp.py"));
        await server.StartAsync(ct);
        return server;
    }

    /// <summary>A path in a fresh temp folder: aiosmtpd's Mailbox creates the Maildir only when the folder does not exist.</summary>
    private static string NewMaildirPath() => Path.Combine(Directory.CreateTempSubdirectory("hub-test-smtp-").FullName, "maildir");

    /// <summary>Starts the server (again, on the same port) and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(TestEnvironment.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_script is null)
        {
            foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"{Host}:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir })
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.ArgumentList.Add(_script);
            start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (_script.EndsWith("scripted_smtp.py", StringComparison.Ordinal))
            {
                start.ArgumentList.Add(Maildir);
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The SMTP server exited ({process.ExitCode}): {Output}");
            }

            return await AcceptsAsync(ct);
        }, $"the SMTP server on port {Port} to accept connections", TimeSpan.FromSeconds(20), ct: ct);
    }

    /// <summary>Stops the server (the port then refuses connections).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(Maildir)!, recursive: true);
        }
        catch (IOException)
        {
            // Left for the machine's temp cleanup.
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Host, Port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
