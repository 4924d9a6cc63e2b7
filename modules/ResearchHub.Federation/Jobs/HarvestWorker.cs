using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Jobs;
using ResearchHub.Federation.Domain;
using ResearchHub.Federation.Services;

namespace ResearchHub.Federation.Jobs;

/// <summary>
/// Harvests the sources that are due. The schedule is the sources' NextRunAt in the database, and a
/// source is claimed with a lease (a conditional UPDATE), so after a crash the next pass picks up
/// what is due and two nodes never harvest one source together.
/// </summary>
public sealed class HarvestWorker(IServiceScopeFactory scopes, IOptions<FederationOptions> options, TimeProvider clock, ILogger<HarvestWorker> logger)
    : PollingWorker(scopes, logger)
{
    private readonly string _owner = $"{Environment.MachineName}:{Guid.NewGuid():N}"[..Math.Min(100, Environment.MachineName.Length + 33)];

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.Harvester.PollSeconds));

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) => RunDueAsync(ct);

    protected override Task WaitAsync(TimeSpan interval, CancellationToken ct) => Task.Delay(interval, clock, ct);

    protected override void LogFailure(Exception exception, TimeSpan interval) =>
        logger.LogError(exception, "The harvest pass failed; trying again at the next poll");

    public async Task RunDueAsync(CancellationToken ct)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Set<HarvestSource>().Where(s => s.Enabled && s.NextRunAt != null && s.NextRunAt <= now)
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var id in due)
        {
            var leaseUntil = now.AddHours(1);
            var claimed = await db.Set<HarvestSource>()
                .Where(s => s.Id == id && (s.LeaseUntil == null || s.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, _owner).SetProperty(x => x.LeaseUntil, leaseUntil), ct);
            if (claimed == 0)
            {
                continue;
            }

            try
            {
                await using var runScope = Scopes.CreateAsyncScope();
                await runScope.ServiceProvider.GetRequiredService<HarvestService>().RunAsync(id, ct);
            }
            finally
            {
                await db.Set<HarvestSource>().Where(s => s.Id == id && s.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }
    }
}
