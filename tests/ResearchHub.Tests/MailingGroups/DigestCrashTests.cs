using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// `digests send-due` run as an operator runs it (a child process), killed with SIGKILL in the middle
/// of delivering, then run again: every member gets their digest, and at most one member gets it
/// twice (the one message whose SMTP conversation was in flight at the kill).
/// </summary>
public sealed class DigestCrashTests
{
    private const int Members = 240;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Killed_mid_run_then_restarted_delivers_every_digest_with_at_most_one_duplicate(string provider)
    {
        await using var smtp = await SmtpServerProcess.StartMailboxAsync();
        await using var storage = await HubStorage.CreateAsync(provider);
        await using (var hub = new HubFactory(storage).WithPickupMail())
        {
            await hub.StartAsync();
            await SeedAsync(hub);
        } // stopped: its outbox worker must not deliver what the verb is to deliver

        var firstOutput = new System.Text.StringBuilder();
        var secondOutput = "";
        using (var first = Start(storage, smtp))
        {
            // Kill once delivery is under way (the verb reports after each outbox batch; the throttle
            // below keeps the rest of the run long enough to be interrupted).
            while (await first.StandardOutput.ReadLineAsync() is { } line)
            {
                firstOutput.AppendLine(line);
                if (line.StartsWith("delivered", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.False(first.HasExited, "the verb finished before it could be killed");
            first.Kill(); // SIGKILL on Unix: no finally blocks, no lease released
            await first.WaitForExitAsync();
        }

        var folder = Path.Combine(smtp.Maildir, "new");
        var deliveredBeforeKill = Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
        Assert.True(deliveredBeforeKill < Members, "the kill came after everything was delivered");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the killed run's leases (2 s here) run out

        using (var second = Start(storage, smtp))
        {
            var output = await second.StandardOutput.ReadToEndAsync();
            await second.WaitForExitAsync();
            secondOutput = output + await second.StandardError.ReadToEndAsync();
            Assert.True(second.ExitCode == 0, secondOutput);
        }

        var catcher = new MailCatcher(smtp.Maildir);
        var counts = new List<int>();
        for (var i = 0; i < Members; i++)
        {
            counts.Add((await catcher.MessagesToAsync(Email(i))).Count);
        }

        Assert.All(counts, c => Assert.True(c >= 1, "a member got no digest"));
        Assert.True(counts.Count(c => c > 1) <= 1, $"{counts.Count(c => c > 1)} members got a digest twice");
        await using var check = new HubFactory(storage).WithPickupMail();
        await check.StartAsync();
        var unsent = await check.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == DigestService.DigestKind && m.State != OutboxState.Sent)
            .Select(m => new { m.Id, m.To, m.State, m.Attempts, m.LeaseOwner, m.LastError })
            .ToListAsync());
        Assert.True(unsent.Count == 0, "digests not marked sent: " + string.Join("; ", unsent) + $"\nfirst run:\n{firstOutput}\nsecond run:\n{secondOutput}");
        Assert.Equal(Members, await check.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == DigestService.DigestKind && m.State == OutboxState.Sent)));
    }

    private static string Email(int i) => $"crash-member-{i}@example.org";

    private static Process Start(HubStorage storage, SmtpServerProcess smtp)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = storage.AppData,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { TestEnvironment.WebDll, "digests", "send-due" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Hub__AppData"] = storage.AppData;
        start.Environment["Hub__Database__Provider"] = storage.Provider;
        if (storage.ConnectionString is not null)
        {
            start.Environment["Hub__Database__ConnectionString"] = storage.ConnectionString;
        }

        start.Environment["Hub__BaseUrl"] = HubFactory.BaseUrl;
        start.Environment["Hub__Setup__Recipe"] = "";
        start.Environment["Hub__Mail__Transport"] = "Smtp";
        start.Environment["Hub__Mail__Smtp__Host"] = smtp.Host;
        start.Environment["Hub__Mail__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Hub__Mail__Outbox__LeaseSeconds"] = "2";
        start.Environment["Hub__Mail__Outbox__BatchSize"] = "20";
        start.Environment["Hub__Mail__Outbox__MaxPerSecond"] = "150";
        start.Environment["Hub__MailingGroups__LeaseSeconds"] = "2";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    /// <summary>Members and a post dated in the last full week, written directly (real time: the verb runs on the real clock).</summary>
    private static Task SeedAsync(HubFactory hub) => hub.WithDbAsync(async db =>
    {
        var now = hub.Clock.GetUtcNow();
        var period = DigestPeriods.LastDue(DeliveryMode.Weekly, now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), 7);
        var roleId = await db.Set<IdentityRole>().Where(r => r.Name == HubRoles.Member).Select(r => r.Id).SingleAsync();
        var group = new MailingGroup { Slug = "crash", Name = "Crash test", CreatedAt = now.AddDays(-30) };
        db.Add(group);
        await db.SaveChangesAsync();
        var author = "";
        for (var i = 0; i < Members + 1; i++)
        {
            var email = i < Members ? Email(i) : "crash-author@example.org";
            var user = new HubUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                DisplayName = $"Member {i}", CreatedAt = now.AddDays(-30), SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Add(user);
            db.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
            db.Add(new GroupMembership { GroupId = group.Id, UserId = user.Id, Mode = i < Members ? DeliveryMode.Weekly : DeliveryMode.None, CreatedAt = now.AddDays(-30) });
            author = user.Id;
        }

        db.Add(new GroupPost { GroupId = group.Id, AuthorId = author, Subject = "Crash news", Body = "Something new.", CreatedAt = period.Start.AddHours(12), PublishedAt = period.Start.AddHours(12) });
        await db.SaveChangesAsync();
    });
}
