using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Recipes;

/// <summary>
/// { "name": "date-polls", "polls": [ { "title", "description", "createdBy" (email), "series" (slug),
/// "meeting" (uid), "hideParticipants", "status": "open|closed",
/// "answerBy" (a day like 2018-09-30, or days from the day the recipe is applied, like +21d),
/// "slots": [ { "start" (local, like 2018-10-04T10:00, or like +60d 10:00), "duration" (minutes), "timeZone" } ],
/// "chosenSlot" (index in "slots"), "invitees": [email],
/// "responses": [ { "member" (email), "comment", "answers": ["yes" | "if-need-be" | "no" | null, one per slot] } ] } ] }.
/// A poll has no key of its own: it is matched by its title and the email of who made it, and
/// written whole when it does not exist, so running the recipe again changes nothing.
/// </summary>
public sealed class DatePollsRecipeStep(TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "date-polls";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        foreach (var (item, where) in step.Items("polls", "step \"date-polls\""))
        {
            var title = item.RequiredString("title", where).Trim();
            var creator = (await RecipeMembers.FindAsync(context, item.RequiredString("createdBy", where), where, ct))!;
            if (db.Set<DatePoll>().Local.Any(p => p.Title == title && p.CreatedByUserId == creator)
                || await db.Set<DatePoll>().AnyAsync(p => p.Title == title && p.CreatedByUserId == creator, ct))
            {
                continue;
            }

            var status = item.OptionalString("status", where) ?? "open";
            if (status is not ("open" or "closed"))
            {
                throw new RecipeException($"{where}: \"status\" is open or closed.");
            }

            var poll = new DatePoll
            {
                Title = title,
                DescriptionMarkdown = item.OptionalString("description", where)?.Trim() ?? "",
                HideParticipants = item.OptionalBool("hideParticipants", where) ?? false,
                Status = status == "closed" ? PollStatus.Closed : PollStatus.Open,
                AnswerBy = AnswerBy(item.OptionalString("answerBy", where), now, where),
                CreatedByUserId = creator,
                CreatedAt = now,
                ClosedAt = status == "closed" ? now : null,
            };
            if (item.OptionalString("series", where) is { } seriesSlug)
            {
                poll.SeriesId = (await db.Set<MeetingSeries>().FirstOrDefaultAsync(s => s.Slug == seriesSlug, ct)
                    ?? throw new RecipeException($"{where}: series \"{seriesSlug}\" does not exist (add it in a \"meeting-series\" step first).")).Id;
            }

            if (item.OptionalString("meeting", where) is { } uid)
            {
                poll.MeetingId = (await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Uid == uid, ct)
                    ?? throw new RecipeException($"{where}: meeting \"{uid}\" does not exist (add it in a \"meetings\" step first).")).Id;
            }

            foreach (var (s, sWhere) in item.Items("slots", where))
            {
                var zoneId = s.OptionalString("timeZone", sWhere) ?? Meeting.DefaultTimeZone;
                var zone = MeetingTime.FindZone(zoneId) ?? throw new RecipeException($"{sWhere}: \"{zoneId}\" is not a known IANA time zone.");
                var startText = s.RequiredString("start", sWhere);
                var start = RecipeTimes.Local(startText, zone, now, sWhere, "start");

                var duration = s.OptionalInt("duration", sWhere) ?? throw new RecipeException($"{sWhere}: \"duration\" (minutes) is required.");
                if (duration is < 1 or > 24 * 60)
                {
                    throw new RecipeException($"{sWhere}: \"duration\" is between 1 and 1440 minutes.");
                }

                poll.Slots.Add(new PollSlot
                {
                    StartUtc = start,
                    DurationMinutes = duration,
                    TimeZoneId = zone.Id,
                });
            }

            if (poll.Slots.Count == 0)
            {
                throw new RecipeException($"{where}: a poll needs at least one slot.");
            }

            db.Add(poll);
            await db.SaveChangesAsync(ct);

            if (item.OptionalInt("chosenSlot", where) is { } chosen)
            {
                poll.ChosenSlotId = chosen >= 0 && chosen < poll.Slots.Count
                    ? poll.Slots[chosen].Id
                    : throw new RecipeException($"{where}: \"chosenSlot\" {chosen} is not the index of one of its slots.");
            }

            var invitees = new HashSet<string>(StringComparer.Ordinal);
            if (item.TryGetProperty("invitees", out var invited) && invited.ValueKind == JsonValueKind.Array)
            {
                foreach (var email in invited.EnumerateArray())
                {
                    var userId = (await RecipeMembers.FindAsync(context, email.GetString(), where, ct))!;
                    if (invitees.Add(userId))
                    {
                        db.Add(new PollInvitee { PollId = poll.Id, UserId = userId });
                    }
                }
            }

            var answered = new HashSet<string>(StringComparer.Ordinal);
            if (item.TryGetProperty("responses", out _))
            {
                foreach (var (r, rWhere) in item.Items("responses", where))
                {
                    var userId = (await RecipeMembers.FindAsync(context, r.RequiredString("member", rWhere), rWhere, ct))!;
                    if (!answered.Add(userId))
                    {
                        throw new RecipeException($"{rWhere}: the member has answered this poll already.");
                    }

                    var response = new PollResponse { PollId = poll.Id, UserId = userId, Comment = r.OptionalString("comment", rWhere), UpdatedAt = now };
                    var i = 0;
                    foreach (var (answer, aWhere) in r.Items("answers", rWhere))
                    {
                        if (i >= poll.Slots.Count)
                        {
                            throw new RecipeException($"{aWhere}: there are more answers than slots.");
                        }

                        var slot = poll.Slots[i++];
                        if (answer.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        var text = answer.ValueKind == JsonValueKind.String ? answer.GetString() : null;
                        var choice = text switch
                        {
                            "yes" => PollChoice.Yes,
                            "if-need-be" => PollChoice.IfNeedBe,
                            "no" => PollChoice.No,
                            _ => throw new RecipeException($"{aWhere}: an answer is \"yes\", \"if-need-be\", \"no\" or null."),
                        };
                        response.Answers.Add(new PollAnswer { SlotId = slot.Id, Choice = choice });
                    }

                    db.Add(response);
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private static DateOnly? AnswerBy(string? text, DateTimeOffset now, string where)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(MeetingTime.ToLocal(now, MeetingTime.ZoneOrDefault(Meeting.DefaultTimeZone)).DateTime);
        if (text.Trim() is ['+' or '-', .., 'd'] relative && int.TryParse(relative[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            return today.AddDays(days);
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new RecipeException($"{where}: \"answerBy\" is a day like 2018-09-30, or days from today like +21d.");
    }
}
