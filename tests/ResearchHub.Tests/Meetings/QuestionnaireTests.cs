using System.Data.Common;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>
/// Questionnaire anonymity: one response per member, organisers see answers without names, and the
/// database does not store the link between a member and their answers (schema and rows inspected).
/// </summary>
public sealed class QuestionnaireTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Answers_are_anonymous_in_pages_and_in_the_database_and_each_member_answers_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(30, 10);
        var id = await CreateMeetingAsync(hub, "Learning event", start, start.AddHours(3));
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var org = await SignedInClientAsync(hub, organiser.Email!, Password);
        using (var saved = await org.PostFormAsync($"/meetings/{id}/questionnaire", "form[action*='handler=Save']", new()
        {
            ["QuestionsText"] = "What has worked well in your project?\nWhat would you like to learn from others?",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var questionIds = await hub.WithDbAsync(db => db.Set<QuestionnaireQuestion>().OrderBy(q => q.Order)
            .Where(q => db.Set<Questionnaire>().Any(x => x.Id == q.QuestionnaireId && x.MeetingId == id)).Select(q => q.Id).ToListAsync());
        var a = await CreateMemberAsync(hub, HubRoles.Member);
        var b = await CreateMemberAsync(hub, HubRoles.PartnerEditor);
        var answers = new Dictionary<string, string>();
        foreach (var (member, words) in new[] { (a, "Peer learning days"), (b, "Creative reporting") })
        {
            var client = await SignedInClientAsync(hub, member.Email!, Password);
            using var response = await client.PostFormAsync($"/meetings/{id}/questionnaire", "main form[action*='handler=Respond']", new()
            {
                [$"Answers[{questionIds[0]}]"] = words,
                [$"Answers[{questionIds[1]}]"] = $"{words}, more of it",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            answers[member.Id] = words;

            // A second response is refused with a clear message, and nothing is added.
            var again = await client.GetDocumentAsync($"/meetings/{id}/questionnaire");
            Assert.Contains("you have answered", again.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }

        var count = await hub.WithDbAsync(db => db.Set<QuestionnaireResponse>().CountAsync());
        var resultsPage = await org.GetPageAsync($"/meetings/{id}/questionnaire");
        Assert.Contains("Peer learning days", resultsPage.Html, StringComparison.Ordinal);
        Assert.Contains("Creative reporting", resultsPage.Html, StringComparison.Ordinal);
        foreach (var member in new[] { a, b })
        {
            Assert.DoesNotContain(member.Email!, resultsPage.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(member.Id, resultsPage.Html, StringComparison.Ordinal);
        }

        // The service refuses a second response outright, too.
        var questionnaireId = await hub.WithDbAsync(db => db.Set<Questionnaire>().Where(q => q.MeetingId == id).Select(q => q.Id).SingleAsync());
        var second = await hub.WithScopeAsync(sp => sp.GetRequiredService<QuestionnaireService>()
            .RespondAsync(questionnaireId, a.Id, new Dictionary<long, string> { [questionIds[0]] = "Another go" }, default));
        Assert.False(second.Succeeded);
        Assert.Contains("already answered", second.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(count, await hub.WithDbAsync(db => db.Set<QuestionnaireResponse>().CountAsync()));

        // The schema: responses and answers have no column for a person or a time; the respondents
        // table has only the questionnaire and the member.
        var columns = await hub.WithDbAsync(db => ColumnsAsync(db, ["QuestionnaireResponses", "QuestionnaireAnswers", "QuestionnaireRespondents"]));
        Assert.Equal(["Id", "QuestionnaireId"], columns["QuestionnaireResponses"].Order(StringComparer.Ordinal));
        Assert.Equal(["Id", "QuestionId", "ResponseId", "Text", "Theme"], columns["QuestionnaireAnswers"].Order(StringComparer.Ordinal));
        Assert.Equal(["QuestionnaireId", "UserId"], columns["QuestionnaireRespondents"].Order(StringComparer.Ordinal));

        // The rows: no value in any response or answer names a member.
        var values = await hub.WithDbAsync(db => AllValuesAsync(db, ["QuestionnaireResponses", "QuestionnaireAnswers"]));
        foreach (var member in new[] { a, b })
        {
            Assert.DoesNotContain(values, v => v.Contains(member.Id, StringComparison.Ordinal) || v.Contains(member.Email!, StringComparison.OrdinalIgnoreCase));
        }

        if (provider == "Sqlite")
        {
            // WITHOUT ROWID: no hidden insertion order to pair a response with its respondent.
            var sql = await hub.WithDbAsync(db => ScalarsAsync(db, "SELECT sql FROM sqlite_master WHERE name IN ('QuestionnaireResponses', 'QuestionnaireAnswers', 'QuestionnaireRespondents')"));
            Assert.All(sql, s => Assert.Contains("WITHOUT ROWID", s, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_organiser_sets_when_answers_close_in_the_meetings_zone_and_a_bad_or_past_time_is_refused_unsaved(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(40, 10);
        var id = await CreateMeetingAsync(hub, "Closing time", start, start.AddHours(3), zone: "America/New_York");
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var org = await SignedInClientAsync(hub, organiser.Email!, Password);
        const string Save = "form[action*='handler=Save']";
        var questions = "What should we talk about?";

        foreach (var (closes, message) in new[]
        {
            ("next week", "Give the closing time as a date and time"),
            (FutureDay(-1, 9).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), "The closing time has passed"),
        })
        {
            using var refused = await org.PostFormAsync($"/meetings/{id}/questionnaire", Save, new() { ["QuestionsText"] = questions, ["ClosesLocal"] = closes });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(message, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(await hub.WithDbAsync(db => db.Set<Questionnaire>().AnyAsync(q => q.MeetingId == id)), closes);
        }

        // A wall-clock time in the meeting's zone (New York), shown back to members in that zone.
        var local = FutureDay(20, 17);
        using (var saved = await org.PostFormAsync($"/meetings/{id}/questionnaire", Save, new()
        {
            ["QuestionsText"] = questions, ["ClosesLocal"] = local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var expected = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        Assert.Equal(expected, await hub.WithDbAsync(db => db.Set<Questionnaire>().Where(q => q.MeetingId == id).Select(q => q.ClosesAt).SingleAsync()));
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var page = await (await SignedInClientAsync(hub, member.Email!, Password)).GetDocumentAsync($"/meetings/{id}/questionnaire");
        Assert.Contains($"{local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} (America/New_York", page.QuerySelector("#questionnaire-closes")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main form[action*='handler=Respond']"));
    }

    private static async Task<Dictionary<string, List<string>>> ColumnsAsync(HubDbContext db, string[] tables)
    {
        var result = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            result[table] = db.Database.IsSqlite()
                ? await ScalarsAsync(db, $"SELECT name FROM pragma_table_info('{table}')")
                : await ScalarsAsync(db, $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'");
        }

        return result;
    }

    private static async Task<List<string>> AllValuesAsync(HubDbContext db, string[] tables)
    {
        var values = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return values;
    }

    private static async Task<List<string>> ScalarsAsync(HubDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var list = new List<string>();
            while (await reader.ReadAsync())
            {
                list.Add(reader.GetString(0));
            }

            return list;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
