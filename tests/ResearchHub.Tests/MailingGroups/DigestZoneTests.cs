using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// Each member's own time zone for their digests: a member in New York chooses their zone in the
/// profile's "Group digests" section; a zone not offered is refused and changes nothing. With a
/// daily digest each, the member on the site's zone (London) gets Wednesday's digest after 07:00 in
/// London, and the member in New York only after 07:00 in New York, five hours later. The digest's
/// plain-text part is wrapped for a terminal.
/// </summary>
public sealed class DigestZoneTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_members_daily_digest_follows_their_own_time_zone_and_send_hour(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock(); // Wednesday 4 March 2026, 10:00 UTC (GMT in London, EST in New York)
        await using var hub = Hub(storage, clock).WithPickupMail();
        await hub.StartAsync();
        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var london = await CreateUserAsync(hub, HubRoles.Member, null);
        var newYork = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(hub, "Across the ocean");
        await AddMemberAsync(hub, groupId, poster.Id, DeliveryMode.None);
        await AddMemberAsync(hub, groupId, london.Id, DeliveryMode.Daily);
        await AddMemberAsync(hub, groupId, newYork.Id, DeliveryMode.Daily);

        // The New York member chooses their zone on their profile; a zone not offered changes nothing.
        var client = await SignInAsync(hub, newYork);
        var profile = await client.GetDocumentAsync("/account/profile");
        Assert.NotNull(profile.QuerySelector("section#group-digests, section[aria-labelledby='group-digests']"));
        using (var refused = await client.PostFormAsync("/account/profile", new Dictionary<string, string> { ["zone"] = "Mars/Olympus_Mons" }, "form[action='/groups/settings']"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<MemberDigestSettings>().AnyAsync(s => s.UserId == newYork.Id)));
        using (var saved = await client.PostFormAsync("/account/profile", new Dictionary<string, string> { ["zone"] = "America/New_York" }, "form[action='/groups/settings']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal("/account/profile#group-digests", saved.Headers.Location!.ToString());
        }

        Assert.Equal("America/New_York", (await client.GetDocumentAsync("/account/profile")).QuerySelector("#digest-zone option[selected]")?.GetAttribute("value"));

        clock.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(hub, groupId, poster.Id, "Wednesday news",
            "Something happened on Wednesday: the partners in Derby, Thurrock and the Isle of Wight compared how many people each local area coordinator "
            + "supported this winter, and agreed to share their evaluation frameworks before the spring meeting.");

        // Thursday 07:30 in London (07:30 UTC), 02:30 in New York: only London's digest is due.
        clock.Advance(new DateTimeOffset(2026, 3, 5, 7, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await SendDueAsync(hub);
        Assert.Single(await DigestsAsync(hub, london.Email!));
        Assert.Empty(await DigestsAsync(hub, newYork.Email!));

        // Thursday 07:30 in New York (12:30 UTC): theirs is due, with Wednesday's post; London's is not sent again.
        clock.Advance(TimeSpan.FromHours(5));
        await SendDueAsync(hub);
        Assert.Single(await DigestsAsync(hub, london.Email!));
        var digest = Assert.Single(await DigestsAsync(hub, newYork.Email!));
        Assert.Contains("Wednesday news", digest.TextBody, StringComparison.Ordinal);

        // The plain-text part reads well in a terminal: the long excerpt wrapped under its item, no line past 72 columns but links.
        var lines = digest.TextBody.Split('\n');
        var first = Array.FindIndex(lines, l => l.Contains("Something happened on Wednesday", StringComparison.Ordinal));
        Assert.StartsWith("  ", lines[first], StringComparison.Ordinal);
        Assert.StartsWith("  ", lines[first + 1], StringComparison.Ordinal);
        Assert.All(lines.Where(l => !l.Contains("http", StringComparison.Ordinal)), l => Assert.True(l.Length <= 72, l));
    }
}
