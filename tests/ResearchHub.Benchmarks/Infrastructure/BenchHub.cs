using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ResearchHub.Benchmarks.Infrastructure;

/// <summary>
/// A fresh temporary hub built by the host's own Program (every module, the real services), on
/// SQLite in a temp folder or on a new PostgreSQL database: a throwaway cluster started here, or
/// the server named by --connection.
/// </summary>
public sealed class BenchHub : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _appData;
    private PostgresCluster? _cluster;
    private string? _adminConnection;
    private string? _database;
    private bool _ownsData = true;
    private bool _disposedHost;

    private BenchHub(string provider, Dictionary<string, string?> settings, string appData)
    {
        Provider = provider;
        _settings = settings;
        _appData = appData;
    }

    public string Provider { get; }

    public string AppData => _appData;

    /// <summary>For a hub started with kestrel: its address (http://localhost:PORT).</summary>
    public Uri? Address { get; private set; }

    /// <summary>For a hub started by <see cref="RestartAsync"/>: how long the previous host took to stop.</summary>
    public TimeSpan StoppedIn { get; private init; }

    /// <param name="provider">"sqlite" or "postgres".</param>
    /// <param name="connection">For postgres: a server to use instead of a throwaway cluster (its database is left alone; a new one is created).</param>
    /// <param name="settings">Extra configuration (e.g. the mail transport).</param>
    /// <param name="kestrel">Serve on a real loopback port (Kestrel) for an outside load generator, not the in-memory test server.</param>
    public static async Task<BenchHub> StartAsync(string provider, string? connection = null, IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        var appData = Path.Combine(Path.GetTempPath(), $"hub-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(appData);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Hub:AppData"] = appData,
            ["Hub:Setup:Recipe"] = "",
            ["Hub:Admin:Email"] = "bench-admin@example.org",
            ["Hub:Admin:Password"] = "Bench-Admin-Passw0rd",
            ["Hub:BaseUrl"] = "http://localhost",
            ["Hub:Mail:Transport"] = "Pickup",
            // Verbs drive the outbox themselves; the hub's own worker would race them for the rows.
            ["Hub:Mail:Outbox:PollSeconds"] = "3600",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // The harness runs from its own bin folder, not beside the solution: the host's content
        // root is that folder (WebApplicationFactory reads this variable before anything else).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RESEARCHHUB_WEB", AppContext.BaseDirectory);
        var hub = new BenchHub(provider, all, appData);
        if (string.Equals(provider, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (connection is null)
            {
                Report.Progress("Starting a throwaway PostgreSQL cluster");
                hub._cluster = await PostgresCluster.StartAsync();
                connection = hub._cluster.ConnectionString("postgres");
            }

            hub._adminConnection = connection;
            hub._database = $"hub_bench_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(connection))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{hub._database}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            all["Hub:Database:Provider"] = "Postgres";
            all["Hub:Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(connection) { Database = hub._database }.ConnectionString;
        }
        else if (!string.Equals(provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--provider is sqlite or postgres, not '{provider}'.");
        }

        Report.Progress($"Starting a fresh hub on {provider} in {appData}");
        if (kestrel)
        {
            hub.UseKestrel(0);
            hub.StartServer(); // builds and starts the host on a free port: migrations, start-up tasks
            hub.Address = new Uri(hub.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal).Replace("[::1]", "localhost", StringComparison.Ordinal));
            return hub;
        }

        _ = hub.Server; // builds and starts the host: migrations, start-up tasks
        return hub;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Stops this host and starts a new one on the same data (database and App_Data): a restart. The new hub owns the data.</summary>
    public async Task<BenchHub> RestartAsync()
    {
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await base.DisposeAsync();
        _disposedHost = true;
        var next = new BenchHub(Provider, _settings, _appData) { _cluster = _cluster, _adminConnection = _adminConnection, _database = _database, StoppedIn = stopping.Elapsed };
        (_cluster, _adminConnection, _database, _ownsData) = (null, null, null, false);
        _ = next.Server;
        return next;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposedHost)
        {
            await base.DisposeAsync();
        }

        if (!_ownsData)
        {
            return;
        }

        if (_database is not null && _adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Directory.Delete(_appData, recursive: true);
    }
}
