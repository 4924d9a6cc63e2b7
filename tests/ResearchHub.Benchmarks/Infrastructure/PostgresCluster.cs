using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ResearchHub.Benchmarks.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's binaries, in a temp folder owned by the postgres
/// user (initdb and postgres refuse to run as root), on a free loopback port.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private PostgresCluster(string dir, string bin, int port)
    {
        _dir = dir;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (Debian package postgresql); or pass --connection.");
        bin = Path.Combine(bin, "bin");
        var dir = Path.Combine(Path.GetTempPath(), $"hub-bench-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var port = FreePort();
        await RunAsync("chown", "postgres", dir);
        await AsPostgresAsync(Path.Combine(bin, "initdb"), "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync");
        await AsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-w", "-l", Path.Combine(dir, "log"),
            "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start");
        return new PostgresCluster(dir, bin, port);
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    private static Task AsPostgresAsync(params string[] command) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", .. command]) : RunAsync(command[0], command[1..]);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
