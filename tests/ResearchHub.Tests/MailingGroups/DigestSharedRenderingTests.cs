using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// A digest run renders a group's sections once for members whose digests hold the same items
/// (DigestBodyCache). Members of one role and organisation still differ: their own posts are not
/// news to them, and the greeting and the one-click unsubscribe token are theirs alone. Another
/// organisation's member sees that organisation's resources and not this one's.
/// </summary>
public sealed class DigestSharedRenderingTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Members_alike_share_sections_yet_each_digest_is_their_own(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock);
        await hub.StartAsync();
        var orgA = await CreateOrganisationAsync(hub);
        var orgB = await CreateOrganisationAsync(hub);
        var a = await CreateUserAsync(hub, HubRoles.Member, orgA.Id);
        var b = await CreateUserAsync(hub, HubRoles.Member, orgA.Id);
        var c = await CreateUserAsync(hub, HubRoles.Member, orgA.Id);
        var d = await CreateUserAsync(hub, HubRoles.Member, orgA.Id);
        var other = await CreateUserAsync(hub, HubRoles.Member, orgB.Id);
        var group = await CreateGroupAsync(hub, "Shared rendering");
        foreach (var (u, i) in new[] { a, b, c, d, other }.Select((u, i) => (u, i)))
        {
            await hub.WithDbAsync(async db =>
            {
                var user = await db.Set<HubUser>().FindAsync(u.Id);
                user!.DisplayName = $"Reader{i}";
                await db.SaveChangesAsync();
            });
            await AddMemberAsync(hub, group, u.Id);
        }

        clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(hub, group, a.Id, "SHARED-POST-BY-A", "Written by A.");
        await PostAsync(hub, group, b.Id, "SHARED-POST-BY-B", "Written by B.");
        await CreateResourceAsync(hub, "SHARED-ORG-A resource", orgA.Id, ResourceVisibility.Organisation);
        await CreateResourceAsync(hub, "SHARED-ORG-B resource", orgB.Id, ResourceVisibility.Organisation);

        clock.Advance(TimeSpan.FromDays(7));
        Assert.True((await SendDueAsync(hub)).LeaseHeld);

        var tokens = hub.Services.GetRequiredService<UnsubscribeTokens>();
        foreach (var (user, index, seesA, seesB, seesOrgA) in new[]
        {
            (a, 0, false, true, true),
            (b, 1, true, false, true),
            (c, 2, true, true, true),
            (d, 3, true, true, true),
            (other, 4, true, true, false),
        })
        {
            var row = Assert.Single(await DigestsAsync(hub, user.Email!));
            var body = row.TextBody + row.HtmlBody;
            Assert.Equal(seesA, body.Contains("SHARED-POST-BY-A", StringComparison.Ordinal));
            Assert.Equal(seesB, body.Contains("SHARED-POST-BY-B", StringComparison.Ordinal));
            Assert.Equal(seesOrgA, body.Contains("SHARED-ORG-A", StringComparison.Ordinal));
            Assert.Equal(!seesOrgA, body.Contains("SHARED-ORG-B", StringComparison.Ordinal));
            Assert.Contains($"Hello Reader{index},", row.TextBody, StringComparison.Ordinal);
            foreach (var j in Enumerable.Range(0, 5).Where(j => j != index))
            {
                Assert.DoesNotContain($"Hello Reader{j},", body, StringComparison.Ordinal);
            }

            // The footer's link and the List-Unsubscribe header carry a token that unsubscribes this member, and no one else.
            var text = Regex.Match(row.TextBody, @"Unsubscribe from these emails: \S+/groups/unsubscribe/(\S+)");
            Assert.True(text.Success, row.TextBody);
            var token = text.Groups[1].Value;
            Assert.True(tokens.TryRead(token, out var userId, out var groupId));
            Assert.Equal((user.Id, group), (userId, groupId));
            Assert.Contains($"/groups/unsubscribe/{token}\"", row.HtmlBody, StringComparison.Ordinal);
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.HeadersJson!)!;
            Assert.StartsWith("<", headers["List-Unsubscribe"], StringComparison.Ordinal);
            Assert.Contains($"/groups/unsubscribe/{token}>", headers["List-Unsubscribe"], StringComparison.Ordinal);
            Assert.Contains("mailto:", headers["List-Unsubscribe"], StringComparison.Ordinal);
        }
    }
}
