using Npgsql;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// Where one hub keeps its data: a fresh temp App_Data folder and, for PostgreSQL, a freshly created
/// database (hub_test_&lt;guid&gt;) on the test.sh cluster. Disposing drops the database and deletes the
/// folder. Two <see cref="HubFactory"/> instances given the same storage are two nodes (or two starts)
/// of the same site.
/// </summary>
public sealed class HubStorage : IAsyncDisposable
{
    private HubStorage(string provider, string appData, string? databaseName, string? connectionString)
    {
        Provider = provider;
        AppData = appData;
        DatabaseName = databaseName;
        ConnectionString = connectionString;
    }

    /// <summary>"Sqlite" or "Postgres".</summary>
    public string Provider { get; }

    public string AppData { get; }

    /// <summary>The PostgreSQL database's name; null for SQLite.</summary>
    public string? DatabaseName { get; }

    /// <summary>The PostgreSQL connection string of the database; null for SQLite (App_Data/hub.db).</summary>
    public string? ConnectionString { get; }

    public bool IsPostgres => Provider == "Postgres";

    public static async Task<HubStorage> CreateAsync(string provider, CancellationToken ct = default)
    {
        if (provider is not ("Sqlite" or "Postgres"))
        {
            throw new ArgumentException($"Unknown provider '{provider}': use \"Sqlite\" or \"Postgres\".", nameof(provider));
        }

        var appData = Directory.CreateTempSubdirectory("hub-test-").FullName;
        if (provider == "Sqlite")
        {
            return new HubStorage(provider, appData, null, null);
        }

        var admin = TestEnvironment.PostgresConnectionString;
        var name = $"hub_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new HubStorage(provider, appData, name, builder.ConnectionString);
    }

    public static HubStorage Create(string provider) => CreateAsync(provider).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (DatabaseName is not null)
        {
            // The hub's pooled connections may still be open: WITH (FORCE) ends them (PostgreSQL 13+).
            await using (var pooled = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(AppData, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process being torn down; the temp folder is cleaned with the machine.
        }
    }
}
