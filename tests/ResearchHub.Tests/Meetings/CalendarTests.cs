using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>
/// .ics files as a real iCalendar parser (python3-icalendar) reads them: the download, the
/// invitation, update and cancellation mails (attachments read by Python's email package), and
/// the personal feed; UID stable, SEQUENCE rising, times right across a daylight-saving change.
/// </summary>
public sealed partial class CalendarTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_London_meeting_on_the_last_Sunday_of_October_has_the_right_UTC_times_across_the_clock_change(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        // 25 October 2026 is the last Sunday of October: at 02:00 BST (01:00 UTC) the clocks go back to 01:00 GMT.
        var night = await CreateMeetingAsync(hub, "Night session across the change", new DateTime(2026, 10, 25, 0, 30, 0), new DateTime(2026, 10, 25, 3, 0, 0), visibility: MeetingVisibility.Public);
        var morning = await CreateMeetingAsync(hub, "Morning session after the change", new DateTime(2026, 10, 25, 10, 0, 0), new DateTime(2026, 10, 25, 12, 0, 0), visibility: MeetingVisibility.Public);
        var summer = await CreateMeetingAsync(hub, "The Saturday before", new DateTime(2026, 10, 24, 10, 0, 0), new DateTime(2026, 10, 24, 12, 0, 0), visibility: MeetingVisibility.Public);

        var client = hub.CreateBrowserClient();
        async Task<IcsEvent> EventOf(long id)
        {
            using var response = await client.GetAsync(new Uri($"/meetings/{id}/calendar.ics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var ics = await ParseIcsAsync(await response.Content.ReadAsStringAsync());
            Assert.True(ics.CrlfOnly);
            Assert.True(ics.MaxLineOctets <= 75, $"a line of {ics.MaxLineOctets} octets");
            Assert.Equal(["Europe/London"], ics.Timezones);
            Assert.Equal("PUBLISH", ics.Method);
            // The zone as its rules: a STANDARD and a DAYLIGHT observance, each recurring yearly, not one observance per change.
            var rules = ics.TimezoneRules!["Europe/London"];
            Assert.Equal(["DAYLIGHT", "STANDARD"], rules.Select(r => r.Kind).Order(StringComparer.Ordinal));
            Assert.All(rules, r => Assert.Contains("FREQ=YEARLY", r.Rrule, StringComparison.Ordinal));
            Assert.Contains(rules, r => r is { Kind: "STANDARD", OffsetFrom: "+0100", OffsetTo: "+0000" });
            var e = Assert.Single(ics.Events);
            Assert.Equal("Europe/London", e.Tzid);
            // The file's own VTIMEZONE gives the same instants as the tz database.
            Assert.Equal(e.StartUtc, e.StartUtcViaVtimezone);
            Assert.Equal(e.EndUtc, e.EndUtcViaVtimezone);
            return e;
        }

        var n = await EventOf(night);
        Assert.Equal("2026-10-24T23:30:00+00:00", n.StartUtc); // 00:30 BST
        Assert.Equal("2026-10-25T03:00:00+00:00", n.EndUtc);   // 03:00 GMT
        var m = await EventOf(morning);
        Assert.Equal("2026-10-25T10:00:00+00:00", m.StartUtc);
        var s = await EventOf(summer);
        Assert.Equal("2026-10-24T09:00:00+00:00", s.StartUtc);

        var stored = await hub.WithDbAsync(db => db.Set<Meeting>().AsNoTracking().SingleAsync(x => x.Id == night));
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 23, 30, 0, TimeSpan.Zero), stored.StartUtc);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Invitation_update_cancellation_and_feed_keep_the_UID_and_raise_the_SEQUENCE(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var start = FutureDay(40, 10);
        // A long, non-ASCII title and venue: the lines must fold at 75 octets without splitting a character.
        var title = "Réunion d’automne – Łódź, Zürich and the Isle of Wight: what the story-coding schemes tell us, part two";
        var id = await CreateMeetingAsync(hub, title, start, start.AddHours(5), venue: "Quay Arts Centre, Sea Street, Newport, Isle of Wight; room 2, \"Riverside\"");
        var org = await SignedInClientAsync(hub, organiser.Email!, Password);

        using (var invited = await org.PostFormAsync($"/meetings/{id}/manage", "form[action*='handler=Invite']", new() { ["InviteEmails"] = member.Email! }))
        {
            Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        }

        var invitation = (await WaitForMailsAsync(member.Email!, m => m.Subject.StartsWith("Invitation:", StringComparison.Ordinal))).Single();
        Assert.Empty(invitation.Defects);
        var attachment = Assert.Single(invitation.Attachments);
        Assert.Equal("invite.ics", attachment.Filename);
        Assert.Equal("text/calendar", attachment.ContentType);
        Assert.Equal("REQUEST", attachment.Method);
        var first = await ParseIcsAsync(attachment.Content);
        Assert.Equal("REQUEST", first.Method);
        Assert.True(first.MaxLineOctets <= 75);
        var e0 = Assert.Single(first.Events);
        Assert.Equal(title, e0.Summary);
        Assert.Equal(0, e0.Sequence);
        Assert.Contains($"mailto:{member.Email}", e0.Attendees);
        Assert.Equal($"{HubFactory.BaseUrl}/meetings/{id}", e0.Url);
        Assert.StartsWith("Quay Arts Centre, Sea Street", e0.Location, StringComparison.Ordinal);
        Assert.StartsWith("mailto:", e0.Organizer, StringComparison.Ordinal);

        // The organiser moves the meeting an hour later: an update with the same UID and SEQUENCE 1.
        var form = new Dictionary<string, string>
        {
            ["Input.LocalStart"] = Local(start.AddHours(1)),
            ["Input.LocalEnd"] = Local(start.AddHours(6)),
        };
        using (var updated = await org.PostFormAsync($"/meetings/{id}/manage", "form[action*='handler=Update']", form))
        {
            Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        }

        var update = (await WaitForMailsAsync(member.Email!, m => m.Subject.StartsWith("Updated:", StringComparison.Ordinal))).Single();
        var second = Assert.Single((await ParseIcsAsync(update.Attachments.Single().Content)).Events);
        Assert.Equal(e0.Uid, second.Uid);
        Assert.Equal(1, second.Sequence);
        Assert.NotEqual(e0.StartUtc, second.StartUtc);

        // The member subscribes to their feed: the meeting is there, same UID.
        var mine = await SignedInClientAsync(hub, member.Email!, Password);
        using var created = await mine.PostFormAsync("/meetings/calendar", "main form[action*='handler=Create']", new Dictionary<string, string>());
        var feedUrl = FeedUrl().Match((await created.ReadPageAsync()).Document.QuerySelector("#feed-url")!.TextContent).Value;
        var anonymous = hub.CreateBrowserClient();
        var feed = await ParseIcsAsync(await anonymous.GetStringAsync(new Uri(feedUrl)));
        Assert.Equal("PUBLISH", feed.Method);
        var inFeed = Assert.Single(feed.Events, e => e.Uid == e0.Uid);
        Assert.Equal(1, inFeed.Sequence);

        // Cancelled: METHOD:CANCEL, same UID, SEQUENCE 2, STATUS:CANCELLED; the feed says so too.
        using (var cancelled = await org.PostFormAsync($"/meetings/{id}/manage", "form[action*='handler=Cancel']", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        var cancellation = (await WaitForMailsAsync(member.Email!, m => m.Subject.StartsWith("Cancelled:", StringComparison.Ordinal))).Single();
        Assert.Equal("CANCEL", cancellation.Attachments.Single().Method);
        var third = await ParseIcsAsync(cancellation.Attachments.Single().Content);
        Assert.Equal("CANCEL", third.Method);
        var e2 = Assert.Single(third.Events);
        Assert.Equal((e0.Uid, 2, "CANCELLED"), (e2.Uid, e2.Sequence, e2.Status));
        var feedAfter = await ParseIcsAsync(await anonymous.GetStringAsync(new Uri(feedUrl)));
        Assert.Equal("CANCELLED", Assert.Single(feedAfter.Events, e => e.Uid == e0.Uid).Status);

        // Revoked, the secret address stops working.
        using (var revoked = await mine.PostFormAsync("/meetings/calendar", "main form[action*='handler=Revoke']", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        using var gone = await anonymous.GetAsync(new Uri(feedUrl));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_feed_shows_only_what_its_member_may_see(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(50, 9);
        var network = await CreateMeetingAsync(hub, $"Network only {Guid.NewGuid():N}", start, start.AddHours(1));
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        using var created = await client.PostFormAsync("/meetings/calendar", "main form[action*='handler=Create']", new Dictionary<string, string>());
        var feedUrl = FeedUrl().Match((await created.ReadPageAsync()).Document.QuerySelector("#feed-url")!.TextContent).Value;
        var uid = await hub.WithDbAsync(db => db.Set<Meeting>().Where(m => m.Id == network).Select(m => m.Uid).SingleAsync());
        var feed = await ParseIcsAsync(await hub.CreateBrowserClient().GetStringAsync(new Uri(feedUrl)));
        Assert.Contains(feed.Events, e => e.Uid == uid);

        // A guessed secret gets nothing.
        using var guessed = await hub.CreateBrowserClient().GetAsync(new Uri($"/meetings/feed/cal_{Guid.NewGuid():N}.ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        // Network meetings' .ics is not for anonymous visitors: they are asked to sign in.
        using var download = await hub.CreateBrowserClient().GetAsync(new Uri($"/meetings/{network}/calendar.ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.Contains("/account/sign-in", download.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_public_meetings_ics_names_the_network_as_organiser_never_the_organisers_account(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var start = FutureDay(45, 14);
        var id = await CreateMeetingAsync(hub, $"Public talk {Guid.NewGuid():N}", start, start.AddHours(1), visibility: MeetingVisibility.Public);
        await hub.WithDbAsync(async db =>
        {
            await db.Set<Meeting>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.OrganiserUserId, organiser.Id));
            if (!await db.SiteSettings.AnyAsync(s => s.Key == ResearchHub.Core.Settings.SiteSettingKeys.ContactEmail))
            {
                db.SiteSettings.Add(new ResearchHub.Core.Settings.SiteSetting { Key = ResearchHub.Core.Settings.SiteSettingKeys.ContactEmail, Value = "network@example.org" });
                await db.SaveChangesAsync();
            }
        });
        var contact = await hub.WithDbAsync(db => db.SiteSettings.Where(s => s.Key == ResearchHub.Core.Settings.SiteSettingKeys.ContactEmail).Select(s => s.Value).SingleAsync());

        var ics = await hub.CreateBrowserClient().GetStringAsync(new Uri($"/meetings/{id}/calendar.ics", UriKind.Relative));
        var e = Assert.Single((await ParseIcsAsync(ics)).Events);
        Assert.Equal($"mailto:{contact}", e.Organizer);
        Assert.DoesNotContain(organiser.Email!, ics, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task DTSTAMP_is_the_meetings_last_change_so_the_same_meeting_gives_the_same_file(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(47, 11);
        var id = await CreateMeetingAsync(hub, $"Stamped {Guid.NewGuid():N}", start, start.AddHours(2), visibility: MeetingVisibility.Public);
        var lastChange = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        await hub.WithDbAsync(db => db.Set<Meeting>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedAt, lastChange)));

        var client = hub.CreateBrowserClient();
        var first = await client.GetStringAsync(new Uri($"/meetings/{id}/calendar.ics", UriKind.Relative));
        var e = Assert.Single((await ParseIcsAsync(first)).Events);
        Assert.Equal("2026-03-04T05:06:07+00:00", e.Dtstamp);
        Assert.Equal(e.Dtstamp, e.LastModified);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal(first, await client.GetStringAsync(new Uri($"/meetings/{id}/calendar.ics", UriKind.Relative)));
    }

    [GeneratedRegex(@"http://localhost/meetings/feed/cal_[A-Za-z0-9_-]+\.ics")]
    private static partial Regex FeedUrl();
}
