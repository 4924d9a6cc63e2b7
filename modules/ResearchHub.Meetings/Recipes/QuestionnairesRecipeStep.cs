using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Recipes;

/// <summary>
/// { "name": "questionnaires", "questionnaires": [ { "meeting" (uid), "intro" (Markdown),
/// "status": "open|closed", "closes" (the meeting's wall-clock time, like 2018-10-01T17:00, or days
/// from the day the recipe is applied, like +50d 17:00), "questions": ["…"] } ] }: a meeting's
/// pre-meeting questionnaire, open from the day the recipe is applied until "closes" (or until an
/// organiser closes it). One per meeting, matched by the meeting's uid and written when the meeting
/// has none, so running the recipe again changes nothing; answers are anonymous and never carried.
/// </summary>
public sealed class QuestionnairesRecipeStep(TimeProvider clock) : IRecipeStepHandler
{
    /// <summary>The longest question an organiser may ask (as on the questionnaire's form).</summary>
    private const int MaxQuestionLength = 500;

    public string Name => "questionnaires";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        var seen = new HashSet<long>();
        foreach (var (item, where) in step.Items("questionnaires", "step \"questionnaires\""))
        {
            var uid = item.RequiredString("meeting", where).Trim();
            var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Uid == uid, ct)
                ?? throw new RecipeException($"{where}: meeting \"{uid}\" does not exist (add it in a \"meetings\" step first).");
            if (!seen.Add(meeting.Id))
            {
                throw new RecipeException($"{where}: meeting \"{uid}\" has a questionnaire earlier in this step already; a meeting has one.");
            }

            var status = item.OptionalString("status", where) ?? "open";
            if (status is not ("open" or "closed"))
            {
                throw new RecipeException($"{where}: \"status\" is open or closed.");
            }

            var zone = MeetingTime.ZoneOrDefault(meeting.TimeZoneId);
            DateTimeOffset? closes = item.OptionalString("closes", where) is { } closesText
                ? RecipeTimes.Local(closesText, zone, now, where, "closes")
                : null;

            var questions = new List<QuestionnaireQuestion>();
            foreach (var (question, qWhere) in item.Items("questions", where))
            {
                var text = question.ValueKind == JsonValueKind.String ? question.GetString()!.Trim() : "";
                if (text.Length is 0 or > MaxQuestionLength)
                {
                    throw new RecipeException($"{qWhere}: a question is text of 1 to {MaxQuestionLength} characters.");
                }

                questions.Add(new QuestionnaireQuestion { Text = text, Order = questions.Count });
            }

            if (questions.Count == 0)
            {
                throw new RecipeException($"{where}: a questionnaire asks at least one question.");
            }

            if (await db.Set<Questionnaire>().AnyAsync(q => q.MeetingId == meeting.Id, ct))
            {
                continue;
            }

            db.Add(new Questionnaire
            {
                MeetingId = meeting.Id,
                IntroMarkdown = item.OptionalString("intro", where)?.Trim() ?? "",
                IsOpen = status == "open",
                ClosesAt = closes,
                Questions = questions,
            });
            await db.SaveChangesAsync(ct);
        }
    }
}
