using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Recipes;

/// <summary>
/// { "name": "meetings", "meetings": [ { "uid", "series", "title", "description", "start", "end",
/// "timeZone", "venue", "onlineUrl", "capacity", "visibility", "status", "people", "agenda",
/// "minutes", "log", "report", "documents" } ] }. Matched by "uid": a meeting that exists has its details
/// updated (SEQUENCE rises when its time or place changed); its people, agenda, minutes, log,
/// report and documents are written when it is created, so running the recipe again changes nothing.
/// "documents" (from an exported recipe): [ { "title", "path" (relative to the recipe's folder),
/// "fileName", "agendaItem" (the index of an item in "agenda") } ], checked like an organiser's upload.
/// Times are wall-clock times in "timeZone" (default Europe/London): "start"/"end" as
/// "2018-02-15T10:00" or as days from the day the recipe is applied, "+60d 10:00", agenda items' "start" as "13:05" on the meeting's first day.
/// </summary>
public sealed class MeetingsRecipeStep(TimeProvider clock, DocumentService documents) : IRecipeStepHandler
{
    public string Name => "meetings";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        foreach (var (item, where) in step.Items("meetings", "step \"meetings\""))
        {
            var uid = item.RequiredString("uid", where).Trim();
            var zoneId = item.OptionalString("timeZone", where) ?? Meeting.DefaultTimeZone;
            var zone = MeetingTime.FindZone(zoneId) ?? throw new RecipeException($"{where}: \"{zoneId}\" is not a known IANA time zone.");
            var start = RecipeTimes.Local(item.RequiredString("start", where), zone, now, where, "start");
            var end = RecipeTimes.Local(item.RequiredString("end", where), zone, now, where, "end");
            if (end <= start)
            {
                throw new RecipeException($"{where} (meeting \"{uid}\"): the end must be after the start.");
            }

            long? seriesId = null;
            if (item.OptionalString("series", where) is { } seriesSlug)
            {
                var series = db.Set<MeetingSeries>().Local.FirstOrDefault(s => s.Slug == seriesSlug)
                    ?? await db.Set<MeetingSeries>().FirstOrDefaultAsync(s => s.Slug == seriesSlug, ct)
                    ?? throw new RecipeException($"{where}: series \"{seriesSlug}\" does not exist (add it in a \"meeting-series\" step first).");
                seriesId = series.Id;
            }

            var visibility = Parse<MeetingVisibility>(item.OptionalString("visibility", where) ?? "network", where, "visibility");
            var status = Parse<MeetingStatus>(item.OptionalString("status", where) ?? "confirmed", where, "status");
            var capacity = item.OptionalInt("capacity", where);
            if (capacity is < 1)
            {
                throw new RecipeException($"{where}: \"capacity\" is a number of places from 1.");
            }

            var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Uid == uid, ct);
            var created = meeting is null;
            if (meeting is null)
            {
                meeting = new Meeting { Uid = uid, Title = "", CreatedAt = now };
                db.Set<Meeting>().Add(meeting);
            }
            else if (meeting.StartUtc != start || meeting.EndUtc != end || meeting.TimeZoneId != zone.Id
                || meeting.Venue != item.OptionalString("venue", where) || meeting.Status != status)
            {
                meeting.Sequence++;
                meeting.UpdatedAt = now;
            }

            meeting.Title = item.RequiredString("title", where).Trim();
            meeting.DescriptionMarkdown = item.OptionalString("description", where)?.Trim() ?? "";
            meeting.SeriesId = seriesId;
            meeting.StartUtc = start;
            meeting.EndUtc = end;
            meeting.TimeZoneId = zone.Id;
            meeting.Venue = item.OptionalString("venue", where);
            meeting.OnlineUrl = item.OptionalString("onlineUrl", where);
            meeting.Capacity = capacity;
            meeting.Visibility = visibility;
            meeting.Status = status;
            meeting.OrganiserUserId = await RecipeMembers.FindAsync(context, item.OptionalString("organiser", where), where, ct);
            if (created)
            {
                meeting.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                await AddContentAsync(context, meeting, zone, item, $"{where} (meeting \"{uid}\")", ct);
            }
        }
    }

    private async Task AddContentAsync(RecipeContext context, Meeting meeting, TimeZoneInfo zone, JsonElement item, string where, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        if (item.TryGetProperty("people", out _))
        {
            var order = 0;
            foreach (var (p, pWhere) in item.Items("people", where))
            {
                var name = p.RequiredString("name", pWhere).Trim();
                var person = db.Set<Person>().Local.FirstOrDefault(x => x.Name == name)
                    ?? await db.Set<Person>().FirstOrDefaultAsync(x => x.Name == name, ct);
                if (person is null)
                {
                    person = new Person { Name = name };
                    db.Set<Person>().Add(person);
                }

                person.Affiliation = p.OptionalString("affiliation", pWhere) ?? person.Affiliation;
                person.BiographyMarkdown = p.OptionalString("biography", pWhere) ?? person.BiographyMarkdown;
                person.UserId = await RecipeMembers.FindAsync(context, p.OptionalString("memberEmail", pWhere), pWhere, ct) ?? person.UserId;
                await db.SaveChangesAsync(ct);
                db.Set<MeetingPerson>().Add(new MeetingPerson
                {
                    MeetingId = meeting.Id,
                    PersonId = person.Id,
                    Role = Parse<MeetingRole>(p.OptionalString("role", pWhere) ?? "speaker", pWhere, "role"),
                    Order = order++,
                });
                people[name] = person;
            }
        }

        var agendaItems = new List<AgendaItem>();
        if (item.TryGetProperty("agenda", out _))
        {
            var firstDay = MeetingTime.ToLocal(meeting.StartUtc, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sessions = new Dictionary<string, AgendaSession>(StringComparer.Ordinal);
            foreach (var (a, aWhere) in item.Items("agenda", where))
            {
                var startText = a.RequiredString("start", aWhere);
                var start = RecipeTimes.Local(startText.Contains('T', StringComparison.Ordinal) ? startText : $"{firstDay}T{startText}", zone, clock.GetUtcNow(), aWhere, "start");
                var duration = a.OptionalInt("duration", aWhere) ?? throw new RecipeException($"{aWhere}: \"duration\" (minutes) is required.");
                if (duration < 1 || start < meeting.StartUtc || start.AddMinutes(duration) > meeting.EndUtc)
                {
                    throw new RecipeException($"{aWhere}: the item must fit within the meeting.");
                }

                AgendaSession? session = null;
                if (a.OptionalString("session", aWhere) is { } sessionTitle)
                {
                    if (!sessions.TryGetValue(sessionTitle, out session))
                    {
                        session = new AgendaSession { MeetingId = meeting.Id, Title = sessionTitle, Order = sessions.Count };
                        sessions[sessionTitle] = session;
                        db.Set<AgendaSession>().Add(session);
                    }
                }

                var agendaItem = new AgendaItem
                {
                    MeetingId = meeting.Id,
                    Session = session,
                    StartUtc = start,
                    DurationMinutes = duration,
                    Title = a.RequiredString("title", aWhere).Trim(),
                    Kind = Parse<AgendaItemKind>(a.OptionalString("kind", aWhere) ?? "talk", aWhere, "kind"),
                    Notes = a.OptionalString("notes", aWhere),
                };
                if (a.TryGetProperty("speakers", out var speakers) && speakers.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var speaker in speakers.EnumerateArray())
                    {
                        var name = speaker.GetString() ?? "";
                        var person = people.GetValueOrDefault(name)
                            ?? throw new RecipeException($"{aWhere}: speaker \"{name}\" is not among the meeting's \"people\".");
                        agendaItem.Speakers.Add(new AgendaItemSpeaker { PersonId = person.Id, Order = i++ });
                    }
                }

                db.Set<AgendaItem>().Add(agendaItem);
                agendaItems.Add(agendaItem);
            }
        }

        if (item.OptionalString("minutes", where) is { Length: > 0 } minutes)
        {
            db.Set<MinutesRevision>().Add(new MinutesRevision
            {
                MeetingId = meeting.Id,
                Number = 1,
                BodyMarkdown = minutes,
                Note = "Imported",
                AuthorName = context.RecipeName,
                CreatedAt = now,
            });
        }

        if (item.TryGetProperty("log", out _))
        {
            var order = 0;
            foreach (var (e, eWhere) in item.Items("log", where))
            {
                var status = Parse<LogEntryStatus>(e.OptionalString("status", eWhere) ?? "open", eWhere, "status");
                DateOnly? due = e.OptionalString("due", eWhere) is { } dueText ? RecipeTimes.Date(dueText, zone, now, eWhere, "due") : null;

                db.Set<LogEntry>().Add(new LogEntry
                {
                    MeetingId = meeting.Id,
                    SeriesId = meeting.SeriesId,
                    Kind = Parse<LogEntryKind>(e.OptionalString("kind", eWhere) ?? "action", eWhere, "kind"),
                    Issue = e.RequiredString("issue", eWhere).Trim(),
                    Level = e.OptionalString("level", eWhere) is { } level ? Parse<LearningLevel>(level, eWhere, "level") : null,
                    Owner = e.OptionalString("owner", eWhere) is { } owner ? Parse<LearningOwner>(owner, eWhere, "owner") : null,
                    Status = status,
                    Countermeasure = e.OptionalString("countermeasure", eWhere),
                    SystemChange = e.OptionalString("systemChange", eWhere),
                    DueOn = due,
                    Order = order++,
                    CreatedAt = now,
                    ClosedAt = status == LogEntryStatus.Closed ? now : null,
                });
            }
        }

        if (item.TryGetProperty("report", out var report) && report.ValueKind == JsonValueKind.Object)
        {
            var status = Parse<ReportStatus>(report.OptionalString("status", where) ?? "published", $"{where}, report", "status");
            // A report in review takes comments until "reviewCloses" (a local time, or relative like "+10d 17:00").
            var reviewCloses = report.OptionalString("reviewCloses", $"{where}, report") is { } closes
                ? RecipeTimes.Local(closes, zone, now, $"{where}, report", "reviewCloses")
                : (DateTimeOffset?)null;
            db.Set<MeetingReport>().Add(new MeetingReport
            {
                MeetingId = meeting.Id,
                BodyMarkdown = report.RequiredString("body", $"{where}, report"),
                Status = status,
                ReviewClosesAt = reviewCloses,
                PublishedAt = status == ReportStatus.Published ? now : null,
                UpdatedAt = now,
            });
        }

        if (item.TryGetProperty("documents", out var documentsElement) && documentsElement.ValueKind != JsonValueKind.Null)
        {
            // The agenda's ids are needed to link a document to its item.
            await db.SaveChangesAsync(ct);
            foreach (var (d, dWhere) in item.Items("documents", where))
            {
                await AddDocumentAsync(context, meeting, agendaItems, d, dWhere, ct);
            }
        }
    }

    private async Task AddDocumentAsync(RecipeContext context, Meeting meeting, List<AgendaItem> agendaItems, JsonElement d, string where, CancellationToken ct)
    {
        var path = d.RequiredString("path", where);
        var fileName = d.RequiredString("fileName", where);
        long? agendaItemId = null;
        if (d.OptionalInt("agendaItem", where) is { } index)
        {
            agendaItemId = index >= 0 && index < agendaItems.Count
                ? agendaItems[index].Id
                : throw new RecipeException($"{where}: \"agendaItem\" {index} is not the index of an item in the meeting's \"agenda\".");
        }

        var full = context.ResolveFile(path, where);
        Stream stream;
        try
        {
            stream = File.OpenRead(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException($"{where}: cannot read \"{path}\": {ex.Message}", ex);
        }

        await using (stream)
        {
            var added = await documents.AddAsync(meeting.Id, new DocumentFields(d.OptionalString("title", where), agendaItemId), stream, fileName, ct);
            if (!added.Succeeded)
            {
                throw new RecipeException($"{where}: {string.Join(" ", added.Problems.Select(p => p.Message))}");
            }

            // An exported file is named by its SHA-256: a file changed on its way between hubs is refused.
            var expected = Path.GetFileName(path);
            if (expected.Length == 64 && expected.All(Uri.IsHexDigit) && !string.Equals(expected, added.Value!.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new RecipeException($"{where}: the file's SHA-256 is {added.Value.Sha256}, not {expected} as its name says.");
            }
        }
    }

    private static T Parse<T>(string value, string where, string property) where T : struct, Enum
    {
        var normalised = value.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return Enum.TryParse<T>(normalised, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new RecipeException($"{where}: \"{property}\" is one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
    }
}
