using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
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

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_questionnaire_step_closes_relative_to_the_day_applied_and_its_members_are_asked_until_then(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipe = $$"""
            { "name": "questionnaire-{{tag}}", "steps": [
              { "name": "meetings", "meetings": [
                { "uid": "next-{{tag}}@test", "title": "Next meeting {{tag}}", "start": "+60d 10:30", "end": "+60d 15:30", "timeZone": "Europe/London" },
                { "uid": "soon-{{tag}}@test", "title": "Soon meeting {{tag}}", "start": "+5d 10:30", "end": "+5d 15:30", "timeZone": "Europe/London" } ] },
              { "name": "questionnaires", "questionnaires": [
                { "meeting": "next-{{tag}}@test", "intro": "Before we meet", "closes": "+50d 17:00",
                  "questions": ["What have you learned since the last meeting?", "  What should we talk about?  "] },
                { "meeting": "soon-{{tag}}@test", "status": "open", "closes": "-1d 17:00", "questions": ["Too late to ask?"] } ] } ] }
            """;
        Task RunAsync(string text) => hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(Encoding.UTF8.GetBytes(text), "questionnaire", CancellationToken.None));
        await RunAsync(recipe);

        // 9 May 2030 is in British Summer Time: 17:00 in London is 16:00 UTC.
        var next = await hub.WithDbAsync(db => db.Set<Meeting>().SingleAsync(m => m.Uid == $"next-{tag}@test"));
        var soon = await hub.WithDbAsync(db => db.Set<Meeting>().SingleAsync(m => m.Uid == $"soon-{tag}@test"));
        var questionnaire = await hub.WithDbAsync(db => db.Set<Questionnaire>().Include(q => q.Questions).SingleAsync(q => q.MeetingId == next.Id));
        Assert.True(questionnaire.IsOpen);
        Assert.Equal(new DateTimeOffset(2030, 5, 9, 16, 0, 0, TimeSpan.Zero), questionnaire.ClosesAt);
        Assert.Equal("Before we meet", questionnaire.IntroMarkdown);
        Assert.Equal(["What have you learned since the last meeting?", "What should we talk about?"], questionnaire.Questions.OrderBy(q => q.Order).Select(q => q.Text));
        var late = await hub.WithDbAsync(db => db.Set<Questionnaire>().SingleAsync(q => q.MeetingId == soon.Id));
        Assert.Equal(new DateTimeOffset(2030, 3, 19, 17, 0, 0, TimeSpan.Zero), late.ClosesAt);

        // A member is asked on the home page for the open one, not for the one past its closing time,
        // which refuses answers as closed.
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var home = await client.GetDocumentAsync("/");
        var asked = home.QuerySelectorAll("main ul[aria-labelledby=home-questionnaires] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/meetings/{next.Id}/questionnaire", asked);
        Assert.DoesNotContain($"/meetings/{soon.Id}/questionnaire", asked);
        var page = await client.GetDocumentAsync($"/meetings/{next.Id}/questionnaire");
        Assert.Contains("Answers are taken until Thursday 9 May 2030, 17:00 (Europe/London, UTC+01:00)", page.QuerySelector("#questionnaire-closes")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("The questionnaire is closed.", (await client.GetDocumentAsync($"/meetings/{soon.Id}/questionnaire")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var lateQuestion = await hub.WithDbAsync(db => db.Set<QuestionnaireQuestion>().Where(q => q.QuestionnaireId == late.Id).Select(q => q.Id).SingleAsync());
        var refused = await hub.WithScopeAsync(sp => sp.GetRequiredService<QuestionnaireService>()
            .RespondAsync(late.Id, member.Id, new Dictionary<long, string> { [lateQuestion] = "Yes" }, CancellationToken.None));
        Assert.False(refused.Succeeded);
        Assert.Equal("This questionnaire is closed.", Assert.Single(refused.Problems).Message);

        // Run again: each meeting keeps its one questionnaire as it was.
        await RunAsync(recipe);
        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<Questionnaire>().CountAsync(q => q.MeetingId == next.Id || q.MeetingId == soon.Id)));
        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<QuestionnaireQuestion>().CountAsync(q => q.QuestionnaireId == questionnaire.Id)));

        // Bad items are refused with the step and item named, and nothing of the recipe is written.
        var meetingStep = $$"""{ "name": "meetings", "meetings": [ { "uid": "bad-{{tag}}@test", "title": "Bad {{tag}}", "start": "+30d 10:00", "end": "+30d 12:00" } ] }""";
        var cases = new (string Item, string Message)[]
        {
            ($$"""{ "meeting": "nowhere-{{tag}}@test", "questions": ["Q?"] }""", $"step \"questionnaires\", questionnaires[0]: meeting \"nowhere-{tag}@test\" does not exist"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "closes": "+20 days", "questions": ["Q?"] }""", "\"closes\" is a local date and time like 2018-02-15T10:00, or days from the day the recipe is applied and a time like +60d 10:00"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "status": "paused", "questions": ["Q?"] }""", "questionnaires[0]: \"status\" is open or closed"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "questions": [] }""", "questionnaires[0]: a questionnaire asks at least one question"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "questions": ["Q?", "   "] }""", "questionnaires[0], questions[1]: a question is text of 1 to 500 characters"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "questions": ["{{new string('x', 501)}}"] }""", "questions[0]: a question is text of 1 to 500 characters"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "questions": [42] }""", "questions[0]: a question is text of 1 to 500 characters"),
            ($$"""{ "meeting": "bad-{{tag}}@test" }""", "questionnaires[0]: \"questions\" is required and must be an array"),
            ($$"""{ "meeting": "bad-{{tag}}@test", "questions": ["Q?"] }, { "meeting": "bad-{{tag}}@test", "questions": ["R?"] }""", $"questionnaires[1]: meeting \"bad-{tag}@test\" has a questionnaire earlier in this step already"),
        };
        foreach (var (item, message) in cases)
        {
            var bad = $$"""{ "name": "bad-questionnaire", "steps": [ {{meetingStep}}, { "name": "questionnaires", "questionnaires": [ {{item}} ] } ] }""";
            var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(bad));
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
            Assert.False(await hub.WithDbAsync(db => db.Set<Meeting>().AnyAsync(m => m.Uid == $"bad-{tag}@test")), item);
        }

        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<Questionnaire>().CountAsync(q => q.MeetingId == next.Id || q.MeetingId == soon.Id)));
    }
}
