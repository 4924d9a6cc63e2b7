using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Benchmarks.Infrastructure;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;

namespace ResearchHub.Benchmarks.Verbs;

/// <summary>
/// outbox --messages N: N messages written to the outbox and delivered by the real delivery service
/// (leases, state updates) through the pickup transport, against the floor: the same transport
/// writing the same messages with no outbox around it.
/// </summary>
public static class OutboxVerb
{
    public static Command Command()
    {
        var messages = new Option<int>("--messages") { Description = "How many messages.", DefaultValueFactory = _ => 2000 };
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL server to use instead of a throwaway cluster." };
        var command = new Command("outbox", "Outbox delivery throughput against the bare transport.") { messages, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(messages);
            await using var hub = await BenchHub.StartAsync(parse.GetValue(provider)!, parse.GetValue(connection));

            Report.Progress($"Writing {n} messages to the outbox");
            await using (var scope = hub.Scope())
            {
                var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
                var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
                for (var i = 0; i < n; i++)
                {
                    outbox.Enqueue("bench", Message(i));
                    if (i % 500 == 499)
                    {
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                    }
                }

                await db.SaveChangesAsync(ct);
            }

            // Deliver in passes, as the hub's worker does (its own is idle: see BenchHub).
            var stopwatch = Stopwatch.StartNew();
            var sent = 0;
            while (sent < n)
            {
                await using var scope = hub.Scope();
                var pass = await scope.ServiceProvider.GetRequiredService<OutboxDeliveryService>().DeliverDueAsync(ct);
                if (pass == 0 && await scope.ServiceProvider.GetRequiredService<HubDbContext>().OutboxMessages.AllAsync(m => m.State != OutboxState.Pending, ct))
                {
                    break;
                }

                sent += pass;
                Report.Progress($"delivered {sent}/{n}");
            }

            var hubSeconds = stopwatch.Elapsed.TotalSeconds;

            Report.Progress($"Floor: the pickup transport writing {n} messages directly");
            var floorFolder = Path.Combine(hub.AppData, "floor");
            Directory.CreateDirectory(floorFolder);
            var transport = new PickupFolderTransport(floorFolder, hub.Services.GetRequiredService<MessageComposer>());
            stopwatch.Restart();
            for (var i = 0; i < n; i++)
            {
                var m = Message(i);
                await transport.SendAsync(new OutgoingEmail(i, $"<{i}@bench>", "bench@example.org", m.To, m.Subject, m.TextBody, m.HtmlBody,
                    new Dictionary<string, string>(), TimeProvider.System.GetUtcNow()), ct);
            }

            var floorSeconds = stopwatch.Elapsed.TotalSeconds;
            var rate = sent / hubSeconds;
            Console.WriteLine($"outbox on {hub.Provider}, {n} messages");
            Report.Table(
                ("delivered", sent),
                ("seconds", Math.Round(hubSeconds, 2)),
                ("messages/s", Math.Round(rate, 1)),
                ("floor seconds", Math.Round(floorSeconds, 2)),
                ("ratio to floor", Math.Round(hubSeconds / floorSeconds, 2)),
                ("peak MB", Report.PeakMemoryMb()));
            Report.Result(new
            {
                provider = hub.Provider,
                messages = n,
                delivered = sent,
                seconds = Math.Round(hubSeconds, 3),
                msgs_per_s = Math.Round(rate, 1),
                floor_seconds = Math.Round(floorSeconds, 3),
                ratio = Math.Round(hubSeconds / floorSeconds, 2),
                peak_mb = Report.PeakMemoryMb(),
            });
            return sent == n ? 0 : 1;
        });
        return command;
    }

    private static EmailMessage Message(int i) => new(
        $"member{i.ToString(CultureInfo.InvariantCulture)}@example.org",
        $"Benchmark message {i}",
        $"Plain text body of message {i}.\n" + new string('x', 800),
        $"<p>HTML body of message {i}.</p><p>{new string('x', 800)}</p>");
}
