using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Web;

namespace ResearchHub.Tests.Core;

/// <summary>
/// Reads of the change stamp are shared by callers at the same time, but never at the cost of a stale
/// answer: a caller gets a read that started after it asked, so it sees every write committed before
/// (on this node or another: here another connection), even while reads are in flight all the time.
/// </summary>
public sealed class ChangeStampTests(CountedDemoHubs hubs) : IClassFixture<CountedDemoHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_read_asked_after_a_write_sees_it_while_other_reads_are_in_flight(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var stamp = hub.Services.GetRequiredService<ChangeStamp>();
        using var stop = new CancellationTokenSource();
        // Readers keeping a read in flight at every moment.
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await stamp.CurrentAsync();
                reads++;
            }

            return reads;
        })).ToList();

        var id = await hub.WithDbAsync(db => db.Set<Resource>().Select(r => r.Id).FirstAsync());
        for (var i = 0; i < 20; i++)
        {
            // A write on a connection of its own, its raise committed; then the value as the database has it.
            await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, r => r.UpdatedAt)));
            var committed = await hub.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT \"Value\" AS \"Value\" FROM \"ChangeStamp\" WHERE \"Id\" = 1").SingleAsync());
            Assert.True(await stamp.CurrentAsync() >= committed, $"a read asked after stamp {committed} answered an older one");
        }

        await stop.CancelAsync();
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));

        // Many callers at once: each answered, none older than what was current before they asked.
        var current = await stamp.CurrentAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => stamp.CurrentAsync()));
        Assert.All(answers, a => Assert.True(a >= current));
    }
}
