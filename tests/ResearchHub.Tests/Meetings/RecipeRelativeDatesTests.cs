using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>Hubs on a clock set to a known day, so "days from the day the recipe is applied" has one answer.</summary>
public sealed class RelativeDateHubs : HubFactoryFixture
{
    /// <summary>Noon UTC on 20 March 2030, a Wednesday (London is on GMT until the 31st).</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2030, 3, 20, 12, 0, 0, TimeSpan.Zero));

    protected override void Configure(HubFactory factory) =>
        factory.WithServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>Meeting and date-poll recipes take days relative to the day they are applied, so the demo network stays current.</summary>
public sealed class RecipeRelativeDatesTests(RelativeDateHubs hubs) : IClassFixture<RelativeDateHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Relative_days_are_counted_from_the_day_the_recipe_is_applied_in_the_meetings_zone(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipe = $$"""
            { "name": "relative-{{tag}}", "steps": [
              { "name": "meetings", "meetings": [ { "uid": "rel-{{tag}}@test", "title": "Next meeting {{tag}}", "start": "+60d 10:30", "end": "+60d 15:30",
                "timeZone": "Europe/London", "agenda": [ { "start": "11:00", "duration": 30, "title": "Welcome" } ] },
                { "uid": "last-{{tag}}@test", "title": "Last meeting {{tag}}", "start": "-120d 10:30", "end": "-120d 15:30", "timeZone": "Europe/London",
                  "log": [ { "kind": "action", "issue": "Share the plan", "due": "+14d" } ],
                  "report": { "status": "in-review", "reviewCloses": "+10d 17:00", "body": "Draft" } } ] },
              { "name": "date-polls", "polls": [ { "title": "Which date {{tag}}", "createdBy": "{{organiser.Email}}", "meeting": "rel-{{tag}}@test",
                "answerBy": "+21d", "slots": [ { "start": "+60d 10:30", "duration": 300 }, { "start": "-1d 09:00", "duration": 60 } ] } ] } ] }
            """;
        await hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(Encoding.UTF8.GetBytes(recipe), "relative", CancellationToken.None));

        // 19 May 2030 is in British Summer Time: 10:30 in London is 09:30 UTC.
        var meeting = await hub.WithDbAsync(db => db.Set<Meeting>().Include(m => m.AgendaItems).SingleAsync(m => m.Uid == $"rel-{tag}@test"));
        Assert.Equal(new DateTimeOffset(2030, 5, 19, 9, 30, 0, TimeSpan.Zero), meeting.StartUtc);
        Assert.Equal(new DateTimeOffset(2030, 5, 19, 14, 30, 0, TimeSpan.Zero), meeting.EndUtc);
        Assert.Equal(new DateTimeOffset(2030, 5, 19, 10, 0, 0, TimeSpan.Zero), Assert.Single(meeting.AgendaItems).StartUtc);
        var poll = await hub.WithDbAsync(db => db.Set<DatePoll>().Include(p => p.Slots).SingleAsync(p => p.Title == $"Which date {tag}"));
        Assert.Equal(new DateOnly(2030, 4, 10), poll.AnswerBy);
        Assert.Equal([new DateTimeOffset(2030, 3, 19, 9, 0, 0, TimeSpan.Zero), meeting.StartUtc], poll.Slots.Select(s => s.StartUtc).Order());

        // Four months back with its action due in a fortnight and its report open for review for ten days.
        var last = await hub.WithDbAsync(db => db.Set<Meeting>().SingleAsync(m => m.Uid == $"last-{tag}@test"));
        Assert.Equal(new DateTimeOffset(2029, 11, 20, 10, 30, 0, TimeSpan.Zero), last.StartUtc);
        Assert.Equal(new DateOnly(2030, 4, 3), await hub.WithDbAsync(db => db.Set<LogEntry>().Where(e => e.MeetingId == last.Id).Select(e => e.DueOn).SingleAsync()));
        var report = await hub.WithDbAsync(db => db.Set<MeetingReport>().SingleAsync(r => r.MeetingId == last.Id));
        Assert.Equal(ReportStatus.InReview, report.Status);
        Assert.Equal(new DateTimeOffset(2030, 3, 30, 17, 0, 0, TimeSpan.Zero), report.ReviewClosesAt);

        // A relative time that is not one is refused with the step and item named, and nothing is written.
        var bad = recipe.Replace("+60d 10:30\", \"end\"", "+60 days\", \"end\"", StringComparison.Ordinal).Replace(tag, tag + "b", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<RecipeException>(() =>
            hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(Encoding.UTF8.GetBytes(bad), "bad", CancellationToken.None)));
        Assert.Contains("like +60d 10:00", error.Message, StringComparison.Ordinal);
        Assert.False(await hub.WithDbAsync(db => db.Set<Meeting>().AnyAsync(m => m.Uid == $"rel-{tag}b@test")));
    }
}
