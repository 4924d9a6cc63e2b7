using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>
/// The acceptance journey over HTTP (the browser runs it too): a poll with three slots, two members
/// answer (one reading times in New York), the organiser picks a slot, the meeting exists, both get
/// an invitation with an .ics, one registers, the agenda is there to print.
/// </summary>
public sealed class PollFlowTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_poll_with_three_slots_becomes_a_meeting_with_invitations(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var london = await CreateMemberAsync(hub, HubRoles.Member);
        var newYork = await CreateMemberAsync(hub, HubRoles.PartnerEditor);
        var org = await SignedInClientAsync(hub, organiser.Email!, Password);
        var day = FutureDay(45, 0).Date;
        var title = $"Autumn meeting {Guid.NewGuid():N}";

        using var created = await org.PostFormAsync("/meetings/polls/new", MainForm, new()
        {
            ["Input.Title"] = title,
            ["Input.Slots[0].LocalStart"] = Local(day.AddHours(10)),
            ["Input.Slots[1].LocalStart"] = Local(day.AddDays(1).AddHours(14)),
            ["Input.Slots[2].LocalStart"] = Local(day.AddDays(2).AddHours(10)),
            ["Input.InviteEmails"] = $"{london.Email}\n{newYork.Email}",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var pollUrl = created.Headers.Location!.OriginalString;
        var slots = await hub.WithDbAsync(db => db.Set<PollSlot>().Where(s => db.Set<DatePoll>().Any(p => p.Id == s.PollId && p.Title == title)).OrderBy(s => s.StartUtc).ToListAsync());
        Assert.Equal(3, slots.Count);

        // The New York member chooses their zone and sees the 10:00 London slot at 05:00 or 06:00 local time.
        var ny = await SignedInClientAsync(hub, newYork.Email!, Password);
        using (var zone = await ny.PostFormAsync(pollUrl, "#zone-form", new() { ["zone"] = "America/New_York" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, zone.StatusCode);
        }

        var nyLocal = TimeZoneInfo.ConvertTime(slots[0].StartUtc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var nyPage = await ny.GetDocumentAsync(pollUrl);
        Assert.Contains($"{nyLocal:HH:mm}–", nyPage.QuerySelector("#answer-form")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("America/New_York", nyPage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        foreach (var (client, choices) in new[] { (ny, new[] { "Yes", "No", "IfNeedBe" }), (await SignedInClientAsync(hub, london.Email!, Password), new[] { "Yes", "Yes", "No" }) })
        {
            var fields = slots.Select((s, i) => (Key: $"Choices[{s.Id}]", Value: choices[i])).ToDictionary(x => x.Key, x => x.Value);
            using var answered = await client.PostFormAsync(pollUrl, "#answer-form", fields);
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        var results = await org.GetDocumentAsync(pollUrl);
        var best = results.QuerySelectorAll(".poll-best");
        Assert.Single(best);
        using var closed = await org.PostFormAsync(pollUrl, "#close-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var meetingUrl = closed.Headers.Location!.OriginalString;
        var meeting = await hub.WithDbAsync(db => db.Set<Meeting>().SingleAsync(m => m.Title == title));
        Assert.Equal(slots[0].StartUtc, meeting.StartUtc);
        Assert.Equal($"/meetings/{meeting.Id}", meetingUrl);

        foreach (var member in new[] { london, newYork })
        {
            var invitation = (await WaitForMailsAsync(member.Email!, m => m.Subject == $"Date chosen: {title}")).Single();
            var ics = await ParseIcsAsync(Assert.Single(invitation.Attachments).Content);
            Assert.Equal((meeting.Uid, "REQUEST"), (ics.Events.Single().Uid, ics.Method));
        }

        var londonClient = await SignedInClientAsync(hub, london.Email!, Password);
        using var registered = await londonClient.PostFormAsync(meetingUrl, "main form[action*='handler=Register']", new() { ["Input.Response"] = "Yes" });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("you have a place", (await londonClient.GetDocumentAsync(meetingUrl)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await londonClient.GetAsync(new Uri($"{meetingUrl}/agenda", UriKind.Relative))).StatusCode);
    }
}
