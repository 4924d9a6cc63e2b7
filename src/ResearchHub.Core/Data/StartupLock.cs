using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResearchHub.Core.Data;

/// <summary>
/// A lock held across nodes while the database is migrated and first-run work is done, so two nodes
/// starting together do not race: a PostgreSQL advisory lock, or for SQLite an exclusive lock file
/// beside the database file.
/// </summary>
public sealed class StartupLock(DatabaseOptions options, ILogger<StartupLock> logger)
{
    // Any constant shared by every node; "RHUB" in ASCII. The lock file is never deleted: deleting
    // it while another node waits would let two nodes lock two different files.
    private const long AdvisoryKey = 0x52485542;

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken ct)
    {
        return options.Provider == DatabaseProvider.Postgres
            ? await AcquirePostgresAsync(ct)
            : await AcquireFileAsync(ct);
    }

    private async Task<IAsyncDisposable> AcquirePostgresAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", AdvisoryKey);
        logger.LogInformation("Waiting for the start-up lock (PostgreSQL advisory lock {Key})", AdvisoryKey);
        await command.ExecuteNonQueryAsync(ct);
        return new Release(async () =>
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", AdvisoryKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            await connection.DisposeAsync();
        });
    }

    private async Task<IAsyncDisposable> AcquireFileAsync(CancellationToken ct)
    {
        var dataSource = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        var lockPath = Path.GetFullPath(dataSource) + ".startup.lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Release(() => stream.DisposeAsync());
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                logger.LogInformation("Another node holds the start-up lock {LockPath}; waiting", lockPath);
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    private sealed class Release(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}
