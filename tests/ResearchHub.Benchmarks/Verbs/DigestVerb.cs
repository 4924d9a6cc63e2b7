using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Accounts.Domain;
using ResearchHub.Benchmarks.Infrastructure;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.Benchmarks.Verbs;

/// <summary>
/// digest --members N: N members (Member role, spread over 20 organisations) in 3 groups (each
/// member in one), a week of activity (threads, replies, resources of every visibility), then every
/// due weekly digest composed by the real DigestService and delivered by the real outbox delivery
/// through the SMTP transport (MailKit) to a local aiosmtpd. The floor: MailKit's SmtpClient, on one
/// session, sending the very same messages already composed, with no composing and no outbox around it.
/// </summary>
public static class DigestVerb
{
    /// <summary>
    /// Members of the untimed warm-up round: enough calls of every composing and delivering path
    /// for the runtime's tiered compiler to have optimised them before the clock starts.
    /// </summary>
    private const int WarmupMembers = 1500;

    public static Command Command()
    {
        var members = new Option<int>("--members") { Description = "How many members.", DefaultValueFactory = _ => 10000 };
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL server to use instead of a throwaway cluster." };
        var command = new Command("digest", "Compose and deliver every due digest, against sending the same messages pre-rendered.") { members, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(members);
            var port = FreePort();
            using var smtp = StartSmtp(port);
            try
            {
                return await RunAsync(parse.GetValue(provider)!, parse.GetValue(connection), n, port, ct);
            }
            finally
            {
                smtp.Kill(entireProcessTree: true);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string provider, string? connection, int n, int port, CancellationToken ct)
    {
        await using var hub = await BenchHub.StartAsync(provider, connection, new Dictionary<string, string?>
        {
            ["Hub:Mail:Transport"] = "Smtp",
            ["Hub:Mail:Smtp:Host"] = "127.0.0.1",
            ["Hub:Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Hub:Mail:Outbox:BatchSize"] = "500",
            ["Hub:MailingGroups:PollSeconds"] = "3600",
        });

        // A short untimed round first (its own members and groups, the same code paths), so the
        // timed run measures the hub warm, as the floor (which runs after it) is: not the JIT
        // compiling the composer, renderer, EF queries and SMTP client for the first time.
        Report.Progress($"Warm-up: {WarmupMembers} members in 3 groups of their own, composed and delivered untimed");
        await SeedAsync(hub, WarmupMembers, "warmup", ct);
        // The hub's own digest worker makes its first pass as the host starts (its next is an hour
        // later): until this pass holds the lease, that pass may be composing, and whatever it
        // composed late would be delivered inside the timed run. So wait for the lease, then for an
        // outbox with nothing pending or being sent.
        while (true)
        {
            await using var scope = hub.Scope();
            if ((await scope.ServiceProvider.GetRequiredService<DigestService>().SendDueAsync(null, ct)).LeaseHeld)
            {
                break;
            }

            await Task.Delay(200, ct);
        }

        while (true)
        {
            await using var scope = hub.Scope();
            if (await scope.ServiceProvider.GetRequiredService<OutboxDeliveryService>().DeliverDueAsync(ct) == 0)
            {
                if (!await scope.ServiceProvider.GetRequiredService<HubDbContext>().OutboxMessages
                    .AnyAsync(m => m.State == OutboxState.Pending || m.State == OutboxState.Sending, ct))
                {
                    break;
                }

                await Task.Delay(200, ct);
            }
        }

        // The runtime compiles a method a second time, optimised, only after it has been called 30
        // times and the JIT has been quiet for a moment: give the background compiler that moment,
        // so the timed run is not partly the first, quick compilation (the floor, which comes after,
        // runs MailKit and MimeKit fully compiled).
        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        long warmupLastId;
        await using (var scope = hub.Scope())
        {
            warmupLastId = await scope.ServiceProvider.GetRequiredService<HubDbContext>().OutboxMessages.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        }

        Report.Progress($"Creating {n} members in 3 groups with a week of activity");
        await SeedAsync(hub, n, "bench", ct);

        // Set-up (the warm-up, 3n rows written through EF) is not the digest run: its memory is
        // collected and the kernel's high-water mark reset before the clock starts (Phase), so the
        // peak reported is the run's own, with the host resident as a node running digests has it.
        var setupPeakMb = Report.PeakMemoryMb();

        // Composing and delivering run side by side, as the digest worker and the outbox worker do
        // on a node: the outbox sends what is queued while the next batches are composed.
        Report.Progress($"Digest run: composing and delivering (load average {Phase.LoadAverage():0.##})");
        var run = Phase.Start();
        var composedAfter = TimeSpan.Zero;
        var composing = Task.Run(async () =>
        {
            await using var scope = hub.Scope();
            var result = await scope.ServiceProvider.GetRequiredService<DigestService>().SendDueAsync(new Progress<string>(Report.Progress), ct);
            composedAfter = run.Elapsed;
            return result;
        }, ct);

        var delivered = 0;
        var reported = 0;
        var progress = new Progress<int>(sent =>
        {
            if (delivered + sent - reported >= 1000)
            {
                reported = delivered + sent;
                Report.Progress($"delivered {reported}");
            }
        });
        while (true)
        {
            var composed = composing.IsCompleted;
            await using var scope = hub.Scope();
            var pass = await scope.ServiceProvider.GetRequiredService<OutboxDeliveryService>().DeliverDueAsync(progress, ct);
            delivered += pass;
            if (pass == 0)
            {
                if (composed)
                {
                    break;
                }

                await Task.Delay(20, ct);
            }
        }

        var queued = (await composing).Queued;
        run.Stop();
        var hubSeconds = run.Seconds;
        Report.Progress($"Digest run: {delivered} delivered in {hubSeconds:0.##} s, peak {run.PeakMb} MB (load average {run.LoadAtEnd:0.##})");

        // The floor: MailKit's SmtpClient on one session sending the very same messages, already
        // composed as MimeMessages (read and composed before the clock starts, a page at a time),
        // with no outbox around it. Only the sending is timed (wall and CPU).
        Report.Progress($"Floor: MailKit sending the same {delivered} messages, pre-rendered, over one session");
        var smtpSettings = hub.Services.GetRequiredService<IOptions<MailOptions>>().Value.Smtp;
        var composer = hub.Services.GetRequiredService<MessageComposer>();
        var floor = TimeSpan.Zero;
        var floorCpu = TimeSpan.Zero;
        var floorMime = TimeSpan.Zero; // what the hub's delivery does per message and the floor does before its clock: the MimeMessage
        var lastId = warmupLastId;
        using var floorPhase = Phase.Start();
        using var smtp = new MailKit.Net.Smtp.SmtpClient();
        await smtp.ConnectAsync(await SmtpSockets.ConnectAsync(smtpSettings.Host, smtpSettings.Port, ct), smtpSettings.Host, smtpSettings.Port, MailKit.Security.SecureSocketOptions.None, ct);
        while (true)
        {
            List<OutboxMessage> rows;
            await using (var scope = hub.Scope())
            {
                rows = await scope.ServiceProvider.GetRequiredService<HubDbContext>().OutboxMessages.AsNoTracking()
                    .Where(m => m.Kind == DigestService.DigestKind && m.Id > lastId).OrderBy(m => m.Id).Take(500).ToListAsync(ct);
            }

            if (rows.Count == 0)
            {
                break;
            }

            lastId = rows[^1].Id;
            var mime = Stopwatch.StartNew();
            var messages = rows.Select(r => (
                From: MimeKit.MailboxAddress.Parse(r.From),
                To: MimeKit.MailboxAddress.Parse(r.To),
                Message: composer.Compose(new OutgoingEmail(r.Id, $"<floor-{r.Id}@bench>", r.From, r.To, r.Subject, r.TextBody, r.HtmlBody,
                    JsonSerializer.Deserialize<Dictionary<string, string>>(r.HeadersJson ?? "{}")!, r.CreatedAt)))).ToList();
            rows.Clear();
            floorMime += mime.Elapsed;
            var cpu = CpuTime();
            var timer = Stopwatch.StartNew();
            foreach (var (from, to, message) in messages)
            {
                await smtp.SendAsync(MessageComposer.Format, message, from, [to], ct);
            }

            floor += timer.Elapsed;
            floorCpu += CpuTime() - cpu;
        }

        await smtp.DisconnectAsync(quit: true, ct);
        floorPhase.Stop();

        // Where the hub's time beyond the floor goes, one part of it: marking each message sent is a
        // round trip of its own. The same UPDATE, once per delivered row, in a row on one connection
        // with the delivery's session settings, is what those marks would cost were none overlapped.
        var marks = await MarksAloneAsync(hub, warmupLastId, ct);
        var (textChars, htmlChars) = await BodySizesAsync(hub, warmupLastId, ct);

        var floorSeconds = floor.TotalSeconds;
        var rate = delivered / hubSeconds;
        Console.WriteLine($"digest on {hub.Provider}, {n} members");
        Report.Table(
            ("digests queued", queued),
            ("delivered", delivered),
            ("seconds", Math.Round(hubSeconds, 2)),
            ("  of which composing", Math.Round(composedAfter.TotalSeconds, 2)),
            ("messages/s", Math.Round(rate, 1)),
            ("CPU seconds", Math.Round(run.CpuSeconds, 2)),
            ("floor seconds", Math.Round(floorSeconds, 2)),
            ("floor CPU seconds", Math.Round(floorCpu.TotalSeconds, 2)),
            ("  MimeMessages composed before it (s)", Math.Round(floorMime.TotalSeconds, 2)),
            ("ratio to floor", Math.Round(hubSeconds / floorSeconds, 2)),
            ("marks alone, in a row (s)", Math.Round(marks.TotalSeconds, 2)),
            ("average body, text + HTML (chars)", $"{textChars:0} + {htmlChars:0}"),
            ("peak MB (digest run)", run.PeakMb),
            ("  resident at its start", run.BaselineMb),
            ("  managed heap peak MB", run.HeapPeakMb),
            ("peak MB (floor, a page composed)", floorPhase.PeakMb),
            ("peak MB (set-up)", setupPeakMb),
            ("GC", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation"),
            ("load average (start, end)", $"{run.LoadAtStart.ToString(CultureInfo.InvariantCulture)}, {run.LoadAtEnd.ToString(CultureInfo.InvariantCulture)}"));
        Report.Result(new
        {
            provider = hub.Provider,
            members = n,
            messages = delivered,
            seconds = Math.Round(hubSeconds, 3),
            compose_seconds = Math.Round(composedAfter.TotalSeconds, 3),
            msgs_per_s = Math.Round(rate, 1),
            cpu_seconds = Math.Round(run.CpuSeconds, 2),
            peak_mb = run.PeakMb,
            start_mb = run.BaselineMb,
            heap_peak_mb = run.HeapPeakMb,
            floor_seconds = Math.Round(floorSeconds, 3),
            floor_cpu_seconds = Math.Round(floorCpu.TotalSeconds, 2),
            floor_mime_seconds = Math.Round(floorMime.TotalSeconds, 2),
            floor_peak_mb = floorPhase.PeakMb,
            setup_peak_mb = setupPeakMb,
            ratio = Math.Round(hubSeconds / floorSeconds, 2),
            body_text_chars = Math.Round(textChars),
            body_html_chars = Math.Round(htmlChars),
            marks_alone_seconds = Math.Round(marks.TotalSeconds, 2),
            gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            load_start = run.LoadAtStart,
            load_end = run.LoadAtEnd,
        });
        return delivered == queued && queued > 0 ? 0 : 1;
    }

    /// <summary>The digests' average text and HTML body length, in characters, as composed (what each page wrote and each delivery read).</summary>
    private static async Task<(double Text, double Html)> BodySizesAsync(BenchHub hub, long afterId, CancellationToken ct)
    {
        await using var scope = hub.Scope();
        var rows = scope.ServiceProvider.GetRequiredService<HubDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == DigestService.DigestKind && m.Id > afterId);
        return (await rows.AverageAsync(m => (double?)m.TextBody.Length, ct) ?? 0, await rows.AverageAsync(m => (double?)(m.HtmlBody ?? "").Length, ct) ?? 0);
    }

    /// <summary>The outbox's mark-sent UPDATE for every digest row sent in the run, one after another, timed.</summary>
    private static async Task<TimeSpan> MarksAloneAsync(BenchHub hub, long afterId, CancellationToken ct)
    {
        await using var scope = hub.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var ids = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == DigestService.DigestKind && m.Id > afterId)
            .OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using (var settings = connection.CreateCommand())
        {
            settings.CommandText = sqlite ? "PRAGMA synchronous=NORMAL;" : "SET synchronous_commit = off;";
            await settings.ExecuteNonQueryAsync(ct);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "OutboxMessages" SET "State" = 2, "SentAt" = @sentAt, "LeaseOwner" = NULL, "LeaseUntil" = NULL, "LastError" = NULL, "PickupFile" = @pickup WHERE "Id" = @id AND "LeaseOwner" IS NULL""";
        foreach (var name in (string[])["@sentAt", "@pickup", "@id"])
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var timer = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            var now = clock.GetUtcNow();
            command.Parameters[0].Value = sqlite ? now.UtcTicks : now;
            command.Parameters[1].Value = DBNull.Value;
            command.Parameters[2].Value = id;
            await command.ExecuteNonQueryAsync(ct);
        }

        return timer.Elapsed;
    }

    /// <summary>Rows written directly (the benchmark measures digests, not sign-ups), dated in the last full week.</summary>
    private static async Task SeedAsync(BenchHub hub, int n, string tag, CancellationToken ct)
    {
        await using var scope = hub.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        // The hub's own clock: the period seeded is the one its digest pass will find due.
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var period = DigestPeriods.LastDue(DeliveryMode.Weekly, now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), 7);
        var week = period.Start.AddHours(12);
        var roleId = await db.Set<IdentityRole>().Where(r => r.Name == HubRoles.Member).Select(r => r.Id).SingleAsync(ct);
        var organisations = Enumerable.Range(0, 20).Select(i => new Organisation { Name = $"Organisation {i} ({tag})", CreatedAt = now }).ToList();
        db.AddRange(organisations);
        var groups = new[] { "Research and knowledge exchange", "Story coding", "Evaluation methods" }
            .Select((name, i) => new MailingGroup { Slug = $"{tag}-group-{i}", Name = tag == "bench" ? name : $"{name} ({tag})", Description = name, CreatedAt = now.AddDays(-30) }).ToList();
        db.AddRange(groups);
        await db.SaveChangesAsync(ct);

        var ids = new List<string>(n);
        for (var i = 0; i < n; i++)
        {
            var email = $"{tag}{i.ToString(CultureInfo.InvariantCulture)}@example.org";
            var user = new HubUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = $"Member {i}", OrganisationId = organisations[i % 20].Id, CreatedAt = now.AddDays(-30),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Add(user);
            db.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
            db.Add(new GroupMembership { GroupId = groups[i % 3].Id, UserId = user.Id, Mode = DeliveryMode.Weekly, CreatedAt = now.AddDays(-30) });
            ids.Add(user.Id);
            if (i % 1000 == 999)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        for (var g = 0; g < groups.Count; g++)
        {
            for (var t = 0; t < 20; t++)
            {
                var at = week.AddHours(t * 6);
                var thread = new GroupPost
                {
                    GroupId = groups[g].Id, AuthorId = ids[(t * 3 + g) % n], Subject = $"Thread {t} of {groups[g].Name}",
                    Body = $"A post about **evaluation** and practice, number {t}. " + string.Concat(Enumerable.Repeat("Some words of discussion. ", 12)),
                    CreatedAt = at, PublishedAt = at,
                };
                db.Add(thread);
                await db.SaveChangesAsync(ct);
                for (var r = 0; r < 2; r++)
                {
                    db.Add(new GroupPost
                    {
                        GroupId = groups[g].Id, ThreadId = thread.Id, AuthorId = ids[(t * 7 + r + g) % n], Subject = thread.Subject,
                        Body = $"A reply, number {r}. " + string.Concat(Enumerable.Repeat("Agreed, and more. ", 8)), CreatedAt = at.AddHours(1 + r), PublishedAt = at.AddHours(1 + r),
                    });
                }
            }
        }

        // Resources only for the measured run, so its digests are what they always were (the warm-up's
        // would fall in the same week and show in them).
        for (var i = 0; i < (tag == "bench" ? 60 : 0); i++)
        {
            var visibility = (ResourceVisibility)(i % 4); // drafts, organisation-only, network, public
            db.Add(new Resource
            {
                Slug = $"{tag}-resource-{i}", Title = $"Resource {i}", Summary = $"What resource {i} found about local area coordination.",
                Visibility = visibility, OwnerOrganisationId = organisations[i % 20].Id, CreatedAt = week, UpdatedAt = week.AddHours(i), PublishedAt = week,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static Process StartSmtp(int port)
    {
        // A sink: the server accepts and discards, so both runs measure the client side alone.
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "-c", "aiosmtpd.handlers.Sink" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("aiosmtpd did not start.");
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
