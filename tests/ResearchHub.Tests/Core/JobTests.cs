using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResearchHub.Core.Data;
using ResearchHub.Core.Jobs;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Core;

/// <summary>
/// Core's job plumbing on both providers: a lease two hosts reach for is held by one of them only;
/// a polling worker whose pass throws carries on and the host stays up; stopping a worker, alone
/// or with the host, ends it quietly (no error logged, the host not stopped).
/// </summary>
public sealed class JobTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_hosts_claiming_the_same_lease_get_it_once(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        await using var first = new HubFactory(storage);
        await using var second = new HubFactory(storage);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        using var firstScope = first.Services.CreateScope();
        using var secondScope = second.Services.CreateScope();
        var a = firstScope.ServiceProvider.GetRequiredService<JobLeases>();
        var b = secondScope.ServiceProvider.GetRequiredService<JobLeases>();
        var minute = TimeSpan.FromMinutes(1);

        // Several leases, each claimed by both hosts at once: the first claim creates the row, so
        // both the insert race and (after a release) the conditional update are exercised.
        for (var round = 0; round < 5; round++)
        {
            var name = $"test-lease-{round % 2}";
            var claims = await Task.WhenAll(a.TryClaimAsync(name, minute, CancellationToken.None), b.TryClaimAsync(name, minute, CancellationToken.None));
            Assert.Equal(1, claims.Count(c => c));
            var (holder, other) = claims[0] ? (a, b) : (b, a);

            Assert.False(await other.TryClaimAsync(name, minute, CancellationToken.None));
            Assert.False(await other.RenewAsync(name, minute, CancellationToken.None));
            await other.ReleaseAsync(name); // not its lease: changes nothing
            Assert.False(await other.TryClaimAsync(name, minute, CancellationToken.None));
            Assert.True(await holder.RenewAsync(name, minute, CancellationToken.None));
            var row = await first.WithDbAsync(db => db.Set<JobLease>().AsNoTracking().SingleAsync(l => l.Name == name));
            Assert.Equal(holder.Owner, row.Owner);

            await holder.ReleaseAsync(name);
            row = await first.WithDbAsync(db => db.Set<JobLease>().AsNoTracking().SingleAsync(l => l.Name == name));
            Assert.Null(row.Owner);
        }

        // A lease that has run out is free: the other host takes it, and the first can no longer renew it.
        Assert.True(await a.TryClaimAsync("test-lease-expired", TimeSpan.FromSeconds(-1), CancellationToken.None));
        Assert.True(await b.TryClaimAsync("test-lease-expired", minute, CancellationToken.None));
        Assert.False(await a.RenewAsync("test-lease-expired", minute, CancellationToken.None));
        Assert.False(await a.TryClaimAsync("test-lease-expired", minute, CancellationToken.None));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_worker_whose_pass_throws_keeps_running_and_the_host_stays_up(string provider)
    {
        var log = new RecordingLoggerProvider();
        await using var hub = new HubFactory(provider).WithServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(log);
            s.AddSingleton<FlakyWorker>();
            s.AddHostedService(sp => sp.GetRequiredService<FlakyWorker>());
        });
        await hub.StartAsync();
        var worker = hub.Services.GetRequiredService<FlakyWorker>();

        await Poll.UntilAsync(() => Task.FromResult(worker.Passes >= 6), "six passes of the worker, every other one throwing");

        Assert.False(worker.ExecuteTask!.IsCompleted);
        Assert.False(hub.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        using var client = hub.CreateClient();
        Assert.Equal("ready", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        Assert.True(worker.RowsSeen > 0, "each pass reads the database in its own scope");
        var failures = log.Entries.Where(e => e.Category.EndsWith(".FlakyWorker", StringComparison.Ordinal) && e.Level == LogLevel.Error).ToList();
        Assert.True(failures.Count >= 2, $"{failures.Count} failures logged");
        Assert.All(failures, f => Assert.IsType<InvalidOperationException>(f.Exception));
        Assert.Contains("FlakyWorker pass failed", failures[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Stopping_each_polling_worker_alone_ends_it_quietly_and_leaves_the_host_up(string provider)
    {
        var log = new RecordingLoggerProvider();
        await using var hub = new HubFactory(provider).WithServices(s => s.AddSingleton<ILoggerProvider>(log));
        await hub.StartAsync();
        var workers = hub.Services.GetServices<IHostedService>().OfType<PollingWorker>().ToList();
        var names = workers.Select(w => w.GetType().Name).ToList();
        foreach (var expected in new[] { "OutboxWorker", "InboundMailWorker", "DigestWorker", "ReminderWorker", "HarvestWorker", "TextExtractionWorker", "SearchFollower" })
        {
            Assert.Contains(expected, names);
        }

        Assert.DoesNotContain(hub.Services.GetServices<IHostedService>(), s => s is BackgroundService and not PollingWorker
            && s.GetType().Name.EndsWith("Worker", StringComparison.Ordinal) && s.GetType().Name != "PasswordResetWorker");

        await Task.Delay(TimeSpan.FromSeconds(1)); // each has run a pass and is waiting (or, the search follower, following)
        var logged = log.Entries.Count; // what the start logged (on PostgreSQL, EF's look for a history table not yet created) is not ours
        foreach (var worker in workers)
        {
            await worker.StopAsync(CancellationToken.None);
            Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully, $"{worker.GetType().Name} ended {worker.ExecuteTask.Status}");
        }

        await Task.Delay(TimeSpan.FromSeconds(0.5)); // the host would stop on a faulted or cancelled worker by now
        Assert.False(hub.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        using var client = hub.CreateClient();
        Assert.Equal("ready", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        var errors = log.Entries.Skip(logged).Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_migration_carries_the_modules_leases_into_the_one_lease_table(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var options = new DbContextOptionsBuilder<HubDbContext>();
        DatabaseServiceCollectionExtensions.Configure(options, new DatabaseOptions
        {
            Provider = provider == "Postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
            ConnectionString = storage.ConnectionString ?? $"Data Source={Path.Combine(storage.AppData, "hub.db")}",
        });
        await using var db = new HubDbContext(options.Options, new HubModelAssemblies([]));
        var migrations = db.Database.GetMigrations().ToList();
        var merge = migrations.FindIndex(m => m.EndsWith("_MergedJobLeases", StringComparison.Ordinal));
        Assert.True(merge > 0, "the MergedJobLeases migration exists");
        var migrator = db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        await migrator.MigrateAsync(migrations[merge - 1]);

        // The two old tables as a running site has them: the digest lease held, the reminder lease free.
        var until = new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
        object untilValue = provider == "Postgres" ? until : until.UtcTicks;
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "MailingJobLeases" ("Name", "Owner", "LeaseUntil") VALUES ('digests', 'node-a:1:x', {0})""", untilValue);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "MeetingJobLeases" ("Name", "Owner", "LeaseUntil") VALUES ('meeting-reminders', NULL, {0})""", untilValue);

        await migrator.MigrateAsync();

        var leases = await db.Set<JobLease>().AsNoTracking().OrderBy(l => l.Name).ToListAsync();
        Assert.Equal(["digests", "meeting-reminders"], leases.Select(l => l.Name));
        Assert.Equal("node-a:1:x", leases[0].Owner);
        Assert.Equal(until, leases[0].LeaseUntil);
        Assert.Null(leases[1].Owner);
        Assert.Equal(until, leases[1].LeaseUntil);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("""SELECT COUNT(*) FROM "MailingJobLeases" """));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("""SELECT COUNT(*) FROM "MeetingJobLeases" """));
    }

    /// <summary>Reads the database in each pass's scope, and throws on every other pass.</summary>
    private sealed class FlakyWorker(IServiceScopeFactory scopes, ILogger<FlakyWorker> logger) : PollingWorker(scopes, logger)
    {
        private int _passes;

        public int Passes => Volatile.Read(ref _passes);

        public int RowsSeen { get; private set; }

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(50);

        protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
        {
            RowsSeen = await services.GetRequiredService<HubDbContext>().SiteSettings.CountAsync(ct) + 1;
            if (Interlocked.Increment(ref _passes) % 2 == 1)
            {
                throw new InvalidOperationException("This pass fails on purpose.");
            }
        }
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
