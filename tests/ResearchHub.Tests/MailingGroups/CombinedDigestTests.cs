using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// One combined digest across a member's groups: a member in two groups (weekly in both) chooses
/// one weekly email on their profile; after the week they get one digest holding both groups'
/// threads (a record per group, one outbox row), while a member of one group gets that group's
/// digest as before; a second run sends nothing more; the combined digest's one-click unsubscribe
/// stops the digests of both groups.
/// </summary>
public sealed class CombinedDigestTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_who_chooses_one_combined_digest_gets_one_email_for_all_their_groups_once(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock(); // Wednesday 4 March 2026
        await using var hub = Hub(storage, clock).WithPickupMail();
        await hub.StartAsync();
        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var both = await CreateUserAsync(hub, HubRoles.Member, null);
        var single = await CreateUserAsync(hub, HubRoles.Member, null);
        var first = await CreateGroupAsync(hub, "Evaluation methods");
        var second = await CreateGroupAsync(hub, "Practice stories");
        foreach (var group in new[] { first, second })
        {
            await AddMemberAsync(hub, group, poster.Id, DeliveryMode.None);
            await AddMemberAsync(hub, group, both.Id, DeliveryMode.Weekly);
        }

        await AddMemberAsync(hub, first, single.Id, DeliveryMode.Weekly);

        var client = await SignInAsync(hub, both);
        using (var refused = await client.PostFormAsync("/account/profile", new Dictionary<string, string> { ["combined"] = "EachPost" }, "form[action='/groups/settings']"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var saved = await client.PostFormAsync("/account/profile", new Dictionary<string, string> { ["combined"] = "Weekly" }, "form[action='/groups/settings']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(hub, first, poster.Id, "Measuring connectedness", "Which scales do you use?");
        await PostAsync(hub, second, poster.Id, "A story from Derby", "A coordinator's week.");

        // Monday 9 March, 08:00 London: last week's digests are due.
        clock.Advance(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await SendDueAsync(hub);
        var digest = Assert.Single(await DigestsAsync(hub, both.Email!));
        Assert.StartsWith("Your groups: Weekly digest, Vol 2026, Issue ", digest.Subject, StringComparison.Ordinal);
        foreach (var expected in new[] { "Evaluation methods", "Measuring connectedness", "Practice stories", "A story from Derby" })
        {
            Assert.Contains(expected, digest.TextBody, StringComparison.Ordinal);
        }

        var records = await hub.WithDbAsync(db => db.Set<DigestRecord>().AsNoTracking().Where(r => r.UserId == both.Id).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(digest.DedupKey, r.OutboxDedupKey));
        var other = Assert.Single(await DigestsAsync(hub, single.Email!));
        Assert.StartsWith("[Evaluation methods] Weekly digest", other.Subject, StringComparison.Ordinal);

        // Run again: nothing more.
        await SendDueAsync(hub);
        Assert.Single(await DigestsAsync(hub, both.Email!));

        // Its one-click unsubscribe stops the digests of both groups.
        var headers = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(digest.HeadersJson!)!;
        var link = new Uri(Regex.Match(headers["List-Unsubscribe"], "<(https?://[^>]+)>").Groups[1].Value);
        using (var oneClick = await hub.CreateBrowserClient().PostAsync(new Uri(link.PathAndQuery, UriKind.Relative),
            new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }

        Assert.All(await hub.WithDbAsync(db => db.Set<GroupMembership>().Where(m => m.UserId == both.Id).Select(m => m.Mode).ToListAsync()),
            mode => Assert.Equal(DeliveryMode.None, mode));
    }
}
