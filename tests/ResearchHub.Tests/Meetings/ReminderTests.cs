using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Jobs;
using ResearchHub.Meetings.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>
/// Reminders 7 days and 1 day before, derived from data by the background job: with the clock moved,
/// each is sent once, also when the site restarts between them (two hosts on one storage); none for
/// a cancelled meeting or a member who declined.
/// </summary>
public sealed class ReminderTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_reminder_is_sent_once_across_a_restart_and_never_for_cancelled_meetings_or_declined_members(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = new TestClock();
        HubFactory Start() => new HubFactory(storage)
            .WithSetting("Hub:Meetings:ReminderPollSeconds", "0.2")
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));

        long meetingId, cancelledId;
        string attending, declined;
        var attendingEmail = UniqueEmail("attending");
        var declinedEmail = UniqueEmail("declined");
        await using (var first = Start())
        {
            await first.StartAsync();
            var a = await CreateMemberAsync(first, HubRoles.Member, attendingEmail);
            var d = await CreateMemberAsync(first, HubRoles.Member, declinedEmail);
            (attending, declined) = (a.Id, d.Id);
            var local = MeetingTime.ToLocal(clock.GetUtcNow().AddDays(10), MeetingTime.ZoneOrDefault("Europe/London")).DateTime;
            meetingId = await CreateMeetingAsync(first, "Reminded meeting", local, local.AddHours(2));
            cancelledId = await CreateMeetingAsync(first, "Cancelled meeting", local, local.AddHours(2));
            Assert.True((await RegisterAsync(first, meetingId, attending)).Succeeded);
            Assert.True((await RegisterAsync(first, meetingId, declined, RegistrationResponse.No)).Succeeded);
            Assert.True((await RegisterAsync(first, cancelledId, attending)).Succeeded);
            Assert.True((await first.WithScopeAsync(sp => sp.GetRequiredService<MeetingService>().CancelAsync(cancelledId, null, default))).Succeeded);

            // Nine days before: nothing is due yet.
            clock.Advance(TimeSpan.FromDays(1));
            await RunPassAsync(first);
            Assert.Empty(await RemindersAsync(first));

            // Six and a half days before: the 7-day reminder, once, however many passes run.
            clock.Advance(TimeSpan.FromDays(2.5));
            await WaitForMailsAsync(attendingEmail, m => m.Subject.StartsWith("In 7 days:", StringComparison.Ordinal));
            await RunPassAsync(first);
            await RunPassAsync(first);
            Assert.Equal([ReminderService.DedupKey(meetingId, attending, 7)], await RemindersAsync(first));
        }

        // The site restarts (a second host on the same storage): nothing is repeated...
        await using var second = Start();
        await second.StartAsync();
        await RunPassAsync(second);
        Assert.Equal([ReminderService.DedupKey(meetingId, attending, 7)], await RemindersAsync(second));

        // ...and half a day before, the 1-day reminder goes, once.
        clock.Advance(TimeSpan.FromDays(6));
        await WaitForMailsAsync(attendingEmail, m => m.Subject.StartsWith("Tomorrow:", StringComparison.Ordinal));
        await RunPassAsync(second);
        Assert.Equal(
            [ReminderService.DedupKey(meetingId, attending, 1), ReminderService.DedupKey(meetingId, attending, 7)],
            await RemindersAsync(second));

        await Poll.UntilAsync(async () => await second.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "meeting-reminder" && m.State == OutboxState.Sent)) == 2,
            "both reminders to be delivered");
        var mails = (await MailsToAsync(attendingEmail)).Where(m => m.Subject.StartsWith("In 7 days:", StringComparison.Ordinal) || m.Subject.StartsWith("Tomorrow:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Contains("Reminded meeting", m.Subject, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Equal("text/calendar", Assert.Single(m.Attachments).ContentType));
        Assert.Empty(await MailsToAsync(declinedEmail));
    }

    /// <summary>One pass of the job, as the worker runs it, so a test can assert after it rather than wait.</summary>
    private static Task RunPassAsync(HubFactory hub) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<ReminderService>().SendDueAsync(default));

    private static Task<List<string>> RemindersAsync(HubFactory hub) =>
        hub.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == "meeting-reminder").Select(m => m.DedupKey!).OrderBy(k => k).ToListAsync());
}
