using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Email;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.MailingGroups;

internal static class MailingTestHelpers
{
    /// <summary>A Wednesday morning: weekly periods run Monday to Monday, sent from 07:00 London time.</summary>
    public static TestClock Clock() => new(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));

    /// <summary>A hub on the test clock whose digest worker stays out of the way (tests run passes themselves).</summary>
    public static HubFactory Hub(HubStorage storage, TimeProvider clock) => new HubFactory(storage)
        .WithSetting("Hub:MailingGroups:PollSeconds", "3600")
        .WithServices(s => s.AddSingleton(clock));

    public static Task<long> CreateGroupAsync(HubFactory hub, string name, PostPolicy post = PostPolicy.Members) =>
        hub.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<GroupService>().CreateAsync(name, $"g-{Guid.NewGuid():N}"[..14], "About *this* group.", JoinPolicy.Open, post, false, "", default);
            Assert.True(result.Succeeded, result.Error);
            return result.Id!.Value;
        });

    public static Task AddMemberAsync(HubFactory hub, long groupId, string userId, DeliveryMode mode = DeliveryMode.Weekly, bool moderator = false) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<GroupService>().AddMemberAsync(groupId, userId, MembershipStatus.Active, moderator, mode, default));

    /// <summary>Posts as the member (their principal built from their roles, as digests build it).</summary>
    public static Task<long> PostAsync(HubFactory hub, long groupId, string userId, string subject, string body, long? threadId = null) =>
        hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ResearchHub.Core.Data.HubDbContext>();
            var group = await db.Set<MailingGroup>().AsNoTracking().SingleAsync(g => g.Id == groupId);
            var who = (await sp.GetRequiredService<DigestComposer>().RecipientsAsync([userId], default))[userId];
            var result = await sp.GetRequiredService<GroupService>().PostAsync(group, who.Principal, threadId, subject, body, default);
            Assert.True(result.Succeeded, result.Error);
            return result.Id!.Value;
        });

    public static Task<DigestRunResult> SendDueAsync(HubFactory hub) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<DigestService>().SendDueAsync(null, default));

    public static Task<List<OutboxMessage>> DigestsAsync(HubFactory hub, string to) =>
        hub.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == DigestService.DigestKind && m.To == to).OrderBy(m => m.Id).ToListAsync());
}
