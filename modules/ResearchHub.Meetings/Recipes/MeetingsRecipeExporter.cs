using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Recipes;

/// <summary>
/// Exports the "meeting-series" and "meetings" steps that <see cref="MeetingSeriesRecipeStep"/> and
/// <see cref="MeetingsRecipeStep"/> read: series, then each meeting with its people, timed agenda
/// (wall-clock times in the meeting's zone, so they mean the same on any server), the latest minutes,
/// the learning log, the report, and its documents with their files copied beside the recipe.
/// Date polls follow in a "date-polls" step (slots, invitees and answers; matched by title and
/// creator), then pre-meeting questionnaires in a "questionnaires" step (questions, state and closing
/// time; matched by meeting). Registrations and questionnaire responses stay behind.
/// Members are named by email, so the "members" step comes first.
/// </summary>
public sealed class MeetingsRecipeExporter(IMemberDirectory directory) : IRecipeExporter
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public int Order => 400;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var db = context.Db;
        var steps = new List<JsonObject>();
        var emails = (await directory.AllAsync(ct)).Where(m => m.Email != null).ToDictionary(m => m.Id, m => m.Email!, StringComparer.Ordinal);
        string? Email(string? id) => id is null ? null : emails.GetValueOrDefault(id);

        var series = await db.Set<MeetingSeries>().OrderBy(s => s.Slug).ToListAsync(ct);
        if (series.Count > 0)
        {
            var items = new JsonArray();
            foreach (var s in series)
            {
                items.Add(new JsonObject
                {
                    ["slug"] = s.Slug, ["title"] = s.Title, ["description"] = s.DescriptionMarkdown,
                    ["cadenceMonths"] = s.CadenceMonths, ["organiser"] = Email(s.OrganiserUserId),
                });
            }

            steps.Add(new JsonObject { ["name"] = "meeting-series", ["series"] = items });
        }

        var meetings = await db.Set<Meeting>().Include(m => m.Series)
            .Include(m => m.People).ThenInclude(p => p.Person)
            .Include(m => m.Sessions)
            .Include(m => m.AgendaItems).ThenInclude(i => i.Speakers).ThenInclude(s => s.Person)
            .AsSplitQuery().OrderBy(m => m.StartUtc).ThenBy(m => m.Uid).ToListAsync(ct);
        if (meetings.Count == 0)
        {
            if (await PollsAsync(db, Email, ct) is { } onlyPolls)
            {
                steps.Add(onlyPolls);
            }

            return steps;
        }

        var ids = meetings.Select(m => m.Id).ToList();
        var minutes = (await db.Set<MinutesRevision>().Where(r => ids.Contains(r.MeetingId)).ToListAsync(ct))
            .GroupBy(r => r.MeetingId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Number)!.BodyMarkdown);
        var log = (await db.Set<LogEntry>().Where(e => ids.Contains(e.MeetingId)).ToListAsync(ct))
            .ToLookup(e => e.MeetingId);
        var reports = await db.Set<MeetingReport>().Where(r => ids.Contains(r.MeetingId)).ToDictionaryAsync(r => r.MeetingId, ct);
        var documents = (await db.Set<MeetingDocument>().Where(d => ids.Contains(d.MeetingId)).ToListAsync(ct)).ToLookup(d => d.MeetingId);

        var list = new JsonArray();
        foreach (var m in meetings)
        {
            var zone = MeetingTime.ZoneOrDefault(m.TimeZoneId);
            string Local(DateTimeOffset utc) => MeetingTime.ToLocal(utc, zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

            var people = new JsonArray();
            foreach (var p in m.People.Where(p => p.Person is not null).OrderBy(p => p.Order))
            {
                people.Add(new JsonObject
                {
                    ["name"] = p.Person!.Name, ["role"] = p.Role.ToString().ToLowerInvariant(), ["affiliation"] = p.Person.Affiliation,
                    ["biography"] = p.Person.BiographyMarkdown, ["memberEmail"] = Email(p.Person.UserId),
                });
            }

            var sessions = m.Sessions.ToDictionary(s => s.Id, s => s.Title);
            var agenda = new JsonArray();
            var agendaOrder = m.AgendaItems.OrderBy(i => i.StartUtc).ThenBy(i => i.Id).ToList();
            foreach (var i in agendaOrder)
            {
                agenda.Add(new JsonObject
                {
                    ["start"] = Local(i.StartUtc), ["duration"] = i.DurationMinutes, ["title"] = i.Title,
                    ["kind"] = i.Kind.ToString().ToLowerInvariant(), ["notes"] = i.Notes,
                    ["session"] = i.SessionId is { } sessionId ? sessions.GetValueOrDefault(sessionId) : null,
                    ["speakers"] = new JsonArray(i.Speakers.Where(s => s.Person is not null).OrderBy(s => s.Order)
                        .Select(s => (JsonNode)JsonValue.Create(s.Person!.Name)).ToArray()),
                });
            }

            var entries = new JsonArray();
            foreach (var e in log[m.Id].OrderBy(e => e.Order).ThenBy(e => e.Id))
            {
                entries.Add(new JsonObject
                {
                    ["kind"] = e.Kind.ToString().ToLowerInvariant(), ["issue"] = e.Issue,
                    ["level"] = e.Level?.ToString().ToLowerInvariant(), ["owner"] = e.Owner?.ToString().ToLowerInvariant(),
                    ["status"] = e.Status.ToString().ToLowerInvariant(), ["countermeasure"] = e.Countermeasure,
                    ["systemChange"] = e.SystemChange, ["due"] = e.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                });
            }

            var files = new JsonArray();
            foreach (var d in documents[m.Id].OrderBy(d => d.Id))
            {
                files.Add(new JsonObject
                {
                    ["title"] = d.Title,
                    ["path"] = await context.CopyFileAsync(d.Sha256, ct),
                    ["fileName"] = d.FileName,
                    // An agenda item is named by its place in the exported agenda (titles may repeat: "Break").
                    ["agendaItem"] = d.AgendaItemId is { } itemId && agendaOrder.FindIndex(i => i.Id == itemId) is var index and >= 0 ? index : null,
                });
            }

            var item = new JsonObject
            {
                ["uid"] = m.Uid, ["series"] = m.Series?.Slug, ["title"] = m.Title, ["description"] = m.DescriptionMarkdown,
                ["start"] = Local(m.StartUtc), ["end"] = Local(m.EndUtc), ["timeZone"] = zone.Id,
                ["venue"] = m.Venue, ["onlineUrl"] = m.OnlineUrl, ["capacity"] = m.Capacity,
                ["visibility"] = m.Visibility.ToString().ToLowerInvariant(), ["status"] = m.Status.ToString().ToLowerInvariant(),
                ["organiser"] = Email(m.OrganiserUserId),
                ["people"] = people, ["agenda"] = agenda, ["log"] = entries, ["documents"] = files,
                ["minutes"] = minutes.GetValueOrDefault(m.Id),
            };
            if (reports.TryGetValue(m.Id, out var report))
            {
                item["report"] = new JsonObject
                {
                    ["body"] = report.BodyMarkdown, ["status"] = Kebab(report.Status.ToString()),
                    ["reviewCloses"] = report.ReviewClosesAt is { } closes ? Local(closes) : null,
                };
            }

            list.Add(item);
        }

        steps.Add(new JsonObject { ["name"] = "meetings", ["meetings"] = list });
        if (await PollsAsync(db, Email, ct) is { } polls)
        {
            steps.Add(polls);
        }

        if (await QuestionnairesAsync(db, meetings, ct) is { } questionnaires)
        {
            steps.Add(questionnaires);
        }

        return steps;
    }

    /// <summary>The "questionnaires" step: each meeting's questions, whether it is open, and its closing time in the meeting's zone.</summary>
    private static async Task<JsonObject?> QuestionnairesAsync(HubDbContext db, List<Meeting> meetings, CancellationToken ct)
    {
        var byId = meetings.ToDictionary(m => m.Id);
        var questionnaires = await db.Set<Questionnaire>().Include(q => q.Questions).OrderBy(q => q.Id).ToListAsync(ct);
        if (questionnaires.Count == 0)
        {
            return null;
        }

        var items = new JsonArray();
        foreach (var q in questionnaires.Where(q => byId.ContainsKey(q.MeetingId)))
        {
            var meeting = byId[q.MeetingId];
            var zone = MeetingTime.ZoneOrDefault(meeting.TimeZoneId);
            items.Add(new JsonObject
            {
                ["meeting"] = meeting.Uid,
                ["intro"] = q.IntroMarkdown,
                ["status"] = q.IsOpen ? "open" : "closed",
                ["closes"] = q.ClosesAt is { } closes ? MeetingTime.ToLocal(closes, zone).ToString(LocalFormat, CultureInfo.InvariantCulture) : null,
                ["questions"] = new JsonArray(q.Questions.OrderBy(x => x.Order).ThenBy(x => x.Id).Select(x => (JsonNode)JsonValue.Create(x.Text)).ToArray()),
            });
        }

        return new JsonObject { ["name"] = "questionnaires", ["questionnaires"] = items };
    }

    /// <summary>The "date-polls" step: each poll with its slots (in their zones' wall-clock time), invitees and answers.</summary>
    private static async Task<JsonObject?> PollsAsync(HubDbContext db, Func<string?, string?> email, CancellationToken ct)
    {
        var polls = await db.Set<DatePoll>().Include(p => p.Slots).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        if (polls.Count == 0)
        {
            return null;
        }

        var series = await db.Set<MeetingSeries>().ToDictionaryAsync(s => s.Id, s => s.Slug, ct);
        var meetings = await db.Set<Meeting>().ToDictionaryAsync(m => m.Id, m => m.Uid, ct);
        var invitees = (await db.Set<PollInvitee>().ToListAsync(ct)).ToLookup(i => i.PollId);
        var responses = (await db.Set<PollResponse>().Include(r => r.Answers).ToListAsync(ct)).ToLookup(r => r.PollId);
        var items = new JsonArray();
        foreach (var p in polls)
        {
            var slots = p.Slots.OrderBy(s => s.StartUtc).ThenBy(s => s.Id).ToList();
            items.Add(new JsonObject
            {
                ["title"] = p.Title,
                ["description"] = p.DescriptionMarkdown,
                ["createdBy"] = email(p.CreatedByUserId),
                ["series"] = p.SeriesId is { } s ? series.GetValueOrDefault(s) : null,
                ["meeting"] = p.MeetingId is { } m ? meetings.GetValueOrDefault(m) : null,
                ["hideParticipants"] = p.HideParticipants,
                ["status"] = p.Status.ToString().ToLowerInvariant(),
                ["answerBy"] = p.AnswerBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["slots"] = new JsonArray(slots.Select(slot => (JsonNode)new JsonObject
                {
                    ["start"] = MeetingTime.ToLocal(slot.StartUtc, MeetingTime.ZoneOrDefault(slot.TimeZoneId)).ToString(LocalFormat, CultureInfo.InvariantCulture),
                    ["duration"] = slot.DurationMinutes,
                    ["timeZone"] = MeetingTime.ZoneOrDefault(slot.TimeZoneId).Id,
                }).ToArray()),
                ["chosenSlot"] = p.ChosenSlotId is { } chosen && slots.FindIndex(s => s.Id == chosen) is var index and >= 0 ? index : null,
                ["invitees"] = new JsonArray(invitees[p.Id].Select(i => email(i.UserId)).OfType<string>().Order(StringComparer.Ordinal)
                    .Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
                ["responses"] = new JsonArray(responses[p.Id].Where(r => email(r.UserId) is not null).OrderBy(r => email(r.UserId), StringComparer.Ordinal)
                    .Select(r => (JsonNode)new JsonObject
                    {
                        ["member"] = email(r.UserId),
                        ["comment"] = r.Comment,
                        ["answers"] = new JsonArray(slots.Select(slot => r.Answers.FirstOrDefault(a => a.SlotId == slot.Id) is { } a
                            ? (JsonNode)JsonValue.Create(a.Choice switch { PollChoice.Yes => "yes", PollChoice.IfNeedBe => "if-need-be", _ => "no" })
                            : null).ToArray()),
                    }).ToArray()),
            });
        }

        return new JsonObject { ["name"] = "date-polls", ["polls"] = items };
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
