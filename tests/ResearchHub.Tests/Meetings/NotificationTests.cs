using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>
/// The meeting notices (a poll opens, a poll closes, the questionnaire opens, the report opens for
/// review, a registration, a place from the waiting list) go through the outbox to the real SMTP
/// server, parse cleanly with Python's email package, carry one-click unsubscribe, and respect the
/// member's notification settings (the profile section and the one-click link).
/// </summary>
public sealed class NotificationTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_notice_arrives_parses_and_offers_one_click_unsubscribe_and_turned_off_notices_are_not_sent(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var ana = await CreateMemberAsync(hub, HubRoles.Member);
        var ben = await CreateMemberAsync(hub, HubRoles.Member);

        // Ben turns off "a date poll opens" in the profile page's section.
        var benClient = await SignedInClientAsync(hub, ben.Email!, Password);
        var profile = await benClient.GetDocumentAsync("/account/profile");
        var section = profile.QuerySelector("section[aria-labelledby=meeting-notifications]");
        Assert.NotNull(section);
        Assert.Equal(6, section.QuerySelectorAll("input[type=checkbox][name=on]:checked").Length);
        var token = section.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var keep = Enum.GetValues<MeetingNotification>().Where(k => k != MeetingNotification.PollOpened)
            .Select(k => new KeyValuePair<string, string>("on", k.ToString()));
        using (var saved = await benClient.PostAsync(new Uri("/meetings/notifications", UriKind.Relative), new FormUrlEncodedContent(
            [.. keep, new("returnTo", "profile"), new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal("/account/profile#meeting-notifications", saved.Headers.Location!.OriginalString);
        }

        var after = await benClient.GetDocumentAsync("/account/profile");
        Assert.Contains("Your notification settings have been saved.", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.False(after.QuerySelector($"#notify-{MeetingNotification.PollOpened}")!.HasAttribute("checked"));
        Assert.True(after.QuerySelector($"#notify-{MeetingNotification.PollClosed}")!.HasAttribute("checked"));

        // A poll opens: Ana is told, with the link and the day to answer by; Ben is not.
        var title = $"Spring meeting {Guid.NewGuid():N}";
        var answerBy = DateOnly.FromDateTime(FutureDay(20, 0));
        var poll = await hub.WithScopeAsync(async sp => (await sp.GetRequiredService<PollService>().CreateAsync(new PollInput(title, null, null, null, false,
            [new SlotInput(FutureDay(60, 10), 120, "Europe/London"), new SlotInput(FutureDay(61, 10), 120, "Europe/London")],
            [], [ana.Email!, ben.Email!], answerBy), organiser.Id, default)).Value!);
        var opened = await SingleAsync(ana.Email!, $"Which dates suit you? {title}");
        Assert.Contains($"{HubFactory.BaseUrl}/meetings/polls/{poll.Id}", opened.Text, StringComparison.Ordinal);
        Assert.Contains($"Please answer by {answerBy.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}", opened.Text, StringComparison.Ordinal);
        Assert.False(await OutboxHasAsync(hub, ben.Email!, "meeting-poll-opened"));

        // The poll closes: both hear the chosen date, with the calendar entry.
        var meeting = await hub.WithScopeAsync(async sp => (await sp.GetRequiredService<PollService>().CloseAsync(poll.Id, poll.Slots[0].Id, organiser.Id, default)).Value!);
        foreach (var member in new[] { ana, ben })
        {
            var chosen = await SingleAsync(member.Email!, $"Date chosen: {title}");
            var ics = Assert.Single(chosen.Attachments);
            Assert.Equal(("text/calendar", "REQUEST"), (ics.ContentType, ics.Method));
            Assert.Equal(meeting.Uid, Assert.Single((await ParseIcsAsync(ics.Content)).Events).Uid);
        }

        // The questionnaire opens and the report opens for review: everyone invited hears of each.
        await hub.WithScopeAsync(async sp => Assert.True((await sp.GetRequiredService<QuestionnaireService>().SaveAsync(meeting.Id, null, ["What would you like to discuss?"], true, null, default)).Succeeded));
        Assert.Contains($"{HubFactory.BaseUrl}/meetings/{meeting.Id}/questionnaire", (await SingleAsync(ana.Email!, $"Questionnaire before {title}")).Text, StringComparison.Ordinal);
        await hub.WithScopeAsync(async sp => Assert.True((await sp.GetRequiredService<FollowUpService>().SaveReportAsync(meeting.Id, "What we learnt.", 14, default)).Succeeded));
        Assert.Contains($"{HubFactory.BaseUrl}/meetings/{meeting.Id}/report", (await SingleAsync(ben.Email!, $"Report for review: {title}")).Text, StringComparison.Ordinal);

        // One place: Ana registers (confirmed, with the .ics), Ben waits, Ana cancels, Ben has her place.
        await hub.WithDbAsync(db => db.Set<Meeting>().Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Capacity, (int?)1)));
        Assert.True((await RegisterAsync(hub, meeting.Id, ana.Id)).Succeeded);
        var registered = await SingleAsync(ana.Email!, $"Registered: {title}");
        Assert.Equal("invite.ics", Assert.Single(registered.Attachments).Filename);
        Assert.Equal(RegistrationStatus.Waitlisted, (await RegisterAsync(hub, meeting.Id, ben.Id)).Value!.Status);
        Assert.False(await OutboxHasAsync(hub, ben.Email!, "meeting-registration"));
        Assert.True((await RegisterAsync(hub, meeting.Id, ana.Id, RegistrationResponse.No)).Succeeded);
        await SingleAsync(ben.Email!, $"You have a place: {title}");

        // Every notice: no defects, the one-click headers, and the footer's links.
        var all = (await MailsToAsync(ana.Email!)).Concat(await MailsToAsync(ben.Email!)).ToList();
        Assert.Equal(9, all.Count);
        Assert.All(all, m =>
        {
            Assert.Empty(m.Defects);
            Assert.Equal("List-Unsubscribe=One-Click", m.ListUnsubscribePost);
            Assert.StartsWith($"<{HubFactory.BaseUrl}/meetings/notifications/unsubscribe/", m.ListUnsubscribe, StringComparison.Ordinal);
            Assert.Contains($"{HubFactory.BaseUrl}/meetings/notifications", m.Text, StringComparison.Ordinal);
        });

        // Ana stops registration confirmations in one click (a mail client's POST: no cookie, no form token).
        var unsubscribe = new Uri(registered.ListUnsubscribe!.Trim('<', '>'));
        var anonymous = hub.CreateBrowserClient();
        using (var page = await anonymous.GetAsync(unsubscribe))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Empty(await hub.WithDbAsync(db => db.Set<NotificationOptOut>().Where(o => o.UserId == ana.Id).ToListAsync()));
        }

        using (var clicked = await anonymous.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        }

        Assert.Equal([MeetingNotification.RegistrationConfirmed], await hub.WithDbAsync(db => db.Set<NotificationOptOut>().Where(o => o.UserId == ana.Id).Select(o => o.Kind).ToListAsync()));
        using (var forged = await anonymous.PostAsync(new Uri("/meetings/notifications/unsubscribe/not-a-token", UriKind.Relative), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }

        await hub.WithDbAsync(db => db.Set<Meeting>().Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Capacity, (int?)null)));
        Assert.True((await RegisterAsync(hub, meeting.Id, ana.Id)).Value!.TakesPlace);
        Assert.Equal(1, await hub.WithDbAsync(db => db.OutboxMessages.CountAsync(o => o.To == ana.Email && o.Kind == "meeting-registration")));
    }

    /// <summary>The one message with that subject; two minutes, as the outbox retries a relay that was slow to answer after 30 s.</summary>
    private static async Task<MailWithAttachments> SingleAsync(string address, string subject) =>
        (await Poll.ForAsync(async () =>
        {
            var mails = (await MailsToAsync(address)).Where(m => m.Subject == subject).ToList();
            return mails.Count > 0 ? mails : null;
        }, $"“{subject}” to {address}", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500))).Single();

    private static Task<bool> OutboxHasAsync(HubFactory hub, string address, string kind) =>
        hub.WithDbAsync(db => db.OutboxMessages.AnyAsync(o => o.To == address && o.Kind == kind));
}
