using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.MailingGroups;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>Two nodes sending at once never duplicate a digest; SMTP failures are retried or counted and suspend.</summary>
public sealed class DigestDeliveryTests
{
    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Two_hosts_sending_at_once_produce_exactly_one_digest_per_member_group_and_period(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var first = Hub(storage, clock).WithPickupMail();
        await first.StartAsync();
        await using var second = Hub(storage, clock).WithPickupMail();
        await second.StartAsync();

        var poster = await CreateUserAsync(first, HubRoles.Member, null);
        var groups = new[] { await CreateGroupAsync(first, "One"), await CreateGroupAsync(first, "Two") };
        var members = new List<HubUser>();
        for (var i = 0; i < 12; i++)
        {
            members.Add(await CreateUserAsync(first, HubRoles.Member, null));
        }

        foreach (var g in groups)
        {
            await AddMemberAsync(first, g, poster.Id);
            foreach (var m in members)
            {
                await AddMemberAsync(first, g, m.Id);
            }

            clock.Advance(TimeSpan.FromMinutes(1));
            await PostAsync(first, g, poster.Id, "News", "Something new.");
        }

        clock.Advance(TimeSpan.FromDays(7));
        // Both nodes, several passes each, at the same moment; also the services directly past the lease.
        var passes = Enumerable.Range(0, 4).SelectMany(_ => new[] { SendDueAsync(first), SendDueAsync(second) });
        await Task.WhenAll(passes);
        await Task.WhenAll(
            first.WithScopeAsync(sp => sp.GetRequiredService<DigestService>().SendDueAsync(null, default)),
            second.WithScopeAsync(sp => sp.GetRequiredService<DigestService>().SendDueAsync(null, default)));

        var keys = await first.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == DigestService.DigestKind).Select(m => m.DedupKey!).ToListAsync());
        Assert.Equal(groups.Length * members.Count, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var records = await first.WithDbAsync(db => db.Set<DigestRecord>().CountAsync());
        Assert.Equal(groups.Length * (members.Count + 1), records); // the poster's digests are recorded empty
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Refused_digests_are_failed_counted_and_suspend_the_subscription_and_a_down_server_is_retried(string provider)
    {
        await using var rejecting = await SmtpServerProcess.StartRejectingAsync();
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock).WithSmtp(rejecting.Host, rejecting.Port).WithSetting("Hub:MailingGroups:MaxBounces", "1");
        await hub.StartAsync();
        var reader = await CreateUserAsync(hub, HubRoles.Member, null);
        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(hub, "Bouncing");
        await AddMemberAsync(hub, groupId, reader.Id);
        await AddMemberAsync(hub, groupId, poster.Id);
        clock.Advance(TimeSpan.FromMinutes(1));
        await PostAsync(hub, groupId, poster.Id, "Hello", "World");
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, (await SendDueAsync(hub)).Queued);

        // 5xx: failed at once (no retries), counted against the address.
        await Poll.UntilAsync(async () => (await DigestsAsync(hub, reader.Email!)).Single().State == OutboxState.Failed, "the refused digest to be marked failed");
        Assert.Equal(1, (await DigestsAsync(hub, reader.Email!)).Single().Attempts);
        Assert.Equal(1, await hub.WithScopeAsync(sp => sp.GetRequiredService<DigestService>().BouncesAsync(reader.Email!, null, default)));

        // The next pass suspends the subscription; the member is told on their subscriptions page.
        Assert.Equal(1, (await SendDueAsync(hub)).Suspended);
        Assert.NotNull(await hub.WithDbAsync(db => db.Set<GroupMembership>().Where(m => m.UserId == reader.Id).Select(m => m.SuspendedAt).SingleAsync()));
        var client = await SignInAsync(hub, reader);
        var page = await client.GetPageAsync(MailingGroupsUrls.MySubscriptions);
        Assert.Contains("Delivery is suspended", page.Html, StringComparison.Ordinal);

        // A suspended member gets no digest; resuming (choosing a delivery) restarts them.
        await PostAsync(hub, groupId, poster.Id, "Again", "More.");
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, (await SendDueAsync(hub)).Queued);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_digest_to_a_server_that_is_down_is_retried_and_then_delivered(string provider)
    {
        await using var server = await SmtpServerProcess.StartMailboxAsync();
        await server.StopAsync();
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock).WithSmtp(server.Host, server.Port);
        await hub.StartAsync();
        var reader = await CreateUserAsync(hub, HubRoles.Member, null);
        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(hub, "Retried");
        await AddMemberAsync(hub, groupId, reader.Id);
        await AddMemberAsync(hub, groupId, poster.Id);
        clock.Advance(TimeSpan.FromMinutes(1));
        await PostAsync(hub, groupId, poster.Id, "Hello", "World");
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, (await SendDueAsync(hub)).Queued);

        await Poll.UntilAsync(async () => (await DigestsAsync(hub, reader.Email!)).Single() is { State: OutboxState.Pending, Attempts: >= 1 }, "a failed first attempt, pending a retry");
        await server.StartAsync();
        clock.Advance(TimeSpan.FromMinutes(5)); // past the backoff
        await Poll.UntilAsync(async () => (await DigestsAsync(hub, reader.Email!)).Single().State == OutboxState.Sent, "the retried digest to be sent");
        Assert.Single(await new MailCatcher(server.Maildir).MessagesToAsync(reader.Email!));
    }
}
