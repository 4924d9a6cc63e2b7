using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;
using ResearchHub.Meetings.Calendar;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Api;

public sealed record MeetingSummaryResponse(
    long Id, string Title, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string TimeZone, string? Venue,
    string Visibility, string Status, string? Series, string Url, string IcsUrl);

public sealed record AgendaItemResponse(
    long Id, DateTimeOffset StartUtc, int DurationMinutes, string Title, string Kind, string? Session, IReadOnlyList<string> Speakers, bool Overlaps);

public sealed record PersonResponse(string Name, string? Affiliation, string Role, string Biography);

public sealed record RegistrationStateResponse(string Response, string Status);

/// <summary>A slide deck or paper; <c>url</c> downloads it (for the same callers who may see the meeting).</summary>
public sealed record DocumentResponse(long Id, string Title, string FileName, string ContentType, long Size, long? AgendaItemId, string Url);

public sealed record MeetingDetailResponse(
    long Id, string Title, string Description, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string TimeZone,
    string? Venue, string? OnlineUrl, int? Capacity, int PlacesTaken, string Visibility, string Status, string? Series,
    string Url, string IcsUrl, IReadOnlyList<PersonResponse> People, IReadOnlyList<AgendaItemResponse> Agenda,
    RegistrationStateResponse? Registration, IReadOnlyList<DocumentResponse> Documents);

public sealed record RegisterRequest(string? Response, string? AccessNeeds, string? DietaryNeeds);

public sealed record PollSlotResponse(long Id, DateTimeOffset StartUtc, DateTimeOffset EndUtc, int DurationMinutes, string TimeZone, int Yes, int IfNeedBe, int No, bool Best);

public sealed record PollResponseBody(
    long Id, string Title, string Description, string Status, bool HideParticipants, long? MeetingId, long? ChosenSlotId,
    IReadOnlyList<PollSlotResponse> Slots, IReadOnlyDictionary<long, string>? MyAnswers, string? MyComment);

public sealed record PollAnswerRequest(Dictionary<long, string>? Choices, string? Comment);

/// <summary>
/// /api/v1/meetings (anonymous callers see public meetings; a token with "read" sees what its
/// member sees; registering needs "write") and /api/v1/polls (a member's token: "read" to see,
/// "write" to answer). Every meeting carries icsUrl, the address of its .ics.
/// </summary>
public static class MeetingsEndpoints
{
    public static void MapMeetingsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Meetings");

        api.MapGet("/meetings", async Task<Results<Ok<Paged<MeetingSummaryResponse>>, ValidationProblem, ProblemHttpResult>> (
            HttpContext http, bool? upcoming, int? page, int? pageSize, HubDbContext db, MeetingAccess access, PublicUrls urls, TimeProvider clock, CancellationToken ct) =>
        {
            var (user, error) = await CallerAsync(http, MeetingsApiScopes.Read);
            var (request, pageError) = ApiPaging.Read(page, pageSize);
            if (error is not null)
            {
                return error;
            }

            if (pageError is not null)
            {
                return pageError;
            }

            var now = clock.GetUtcNow();
            var query = access.Visible(db.Set<Meeting>().AsNoTracking().Include(m => m.Series), user);
            if (upcoming == true)
            {
                query = query.Where(m => m.EndUtc >= now);
            }

            return TypedResults.Ok(await ApiPaging.PageAsync(http, urls, query.OrderBy(m => m.StartUtc).ThenBy(m => m.Id), request!, m => Summary(m, urls), ct));
        }).AcceptsScope(MeetingsApiScopes.Read).WithName("listMeetings").WithSummary("List the meetings the caller may see");

        api.MapGet("/meetings/{id:long}", async Task<Results<Ok<MeetingDetailResponse>, NotFound, ProblemHttpResult>> (long id, HttpContext http, HubDbContext db, MeetingAccess access, MeetingService service, DocumentService documents, PublicUrls urls, CancellationToken ct) =>
        {
            var (user, error) = await CallerAsync(http, MeetingsApiScopes.Read);
            if (error is not null)
            {
                return error;
            }

            var meeting = await access.Visible(db.Set<Meeting>().AsNoTracking().Include(m => m.Series), user).FirstOrDefaultAsync(m => m.Id == id, ct);
            if (meeting is null)
            {
                return TypedResults.NotFound();
            }

            var userId = MeetingAccess.UserId(user);
            var registration = userId is null ? null
                : await db.Set<Registration>().AsNoTracking().FirstOrDefaultAsync(r => r.MeetingId == id && r.UserId == userId, ct);
            var people = await db.Set<MeetingPerson>().AsNoTracking().Include(p => p.Person)
                .Where(p => p.MeetingId == id).OrderBy(p => p.Order).ToListAsync(ct);
            var agenda = await service.AgendaAsync(id, ct);
            var taken = await db.Set<Registration>().CountAsync(r => r.MeetingId == id && r.Response == RegistrationResponse.Yes && r.Status == RegistrationStatus.Confirmed, ct);
            var files = await documents.ForMeetingAsync(id, ct);
            var summary = Summary(meeting, urls);
            return TypedResults.Ok(new MeetingDetailResponse(
                meeting.Id, meeting.Title, meeting.DescriptionMarkdown, meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId,
                meeting.Venue, registration?.TakesPlace == true || access.CanManage(user) ? meeting.OnlineUrl : null,
                meeting.Capacity, taken, summary.Visibility, summary.Status, meeting.Series?.Title, summary.Url, summary.IcsUrl,
                [.. people.Select(p => new PersonResponse(p.Person!.Name, p.Person.Affiliation, Lower(p.Role), p.Person.BiographyMarkdown))],
                [.. agenda.Select(a => new AgendaItemResponse(a.Item.Id, a.Item.StartUtc, a.Item.DurationMinutes, a.Item.Title, Lower(a.Item.Kind),
                    a.Item.Session?.Title, [.. a.Speakers.Select(s => s.Name)], a.Overlaps))],
                registration is null ? null : new RegistrationStateResponse(Lower(registration.Response), Lower(registration.Status)),
                [.. files.Select(f => new DocumentResponse(f.Document.Id, f.Document.Title, f.Document.FileName, f.Document.ContentType, f.Document.Length,
                    f.Document.AgendaItemId, urls.Absolute(MeetingsUrls.Document(id, f.Document.Id))))]));
        }).AcceptsScope(MeetingsApiScopes.Read).WithName("getMeeting").WithSummary("One meeting with its people, agenda, documents and the caller's registration");

        api.MapPost("/meetings/{id:long}/registration", async Task<Results<Ok<RegistrationStateResponse>, NotFound, ValidationProblem>> (long id, RegisterRequest body, ClaimsPrincipal user, HubDbContext db, MeetingAccess access, RegistrationService registrations, CancellationToken ct) =>
        {
            if (!await access.Visible(db.Set<Meeting>(), user).AnyAsync(m => m.Id == id, ct))
            {
                return TypedResults.NotFound();
            }

            if (!Enum.TryParse<RegistrationResponse>(body.Response, ignoreCase: true, out var response) || !Enum.IsDefined(response))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["response"] = ["Give \"yes\", \"maybe\" or \"no\"."] });
            }

            var outcome = await registrations.RegisterAsync(id, MeetingAccess.UserId(user)!, new RegistrationInput(response, body.AccessNeeds, body.DietaryNeeds), ct);
            return outcome.Succeeded
                ? TypedResults.Ok(new RegistrationStateResponse(Lower(outcome.Value!.Response), Lower(outcome.Value.Status)))
                : Problems(outcome.Problems);
        }).RequireScope(MeetingsApiScopes.Write).WithName("registerForMeeting").WithSummary("Register the token's member for a meeting (yes, maybe or no)");

        api.MapGet("/polls/{id:long}", async Task<Results<Ok<PollResponseBody>, NotFound>> (long id, ClaimsPrincipal user, PollService polls, MeetingAccess access, CancellationToken ct) =>
        {
            var poll = await polls.GetAsync(id, ct);
            var userId = MeetingAccess.UserId(user)!;
            if (poll is null || !await MaySeePollAsync(poll, user, polls, access, ct))
            {
                return TypedResults.NotFound();
            }

            var results = await polls.ResultsAsync(poll, ct);
            var mine = results.Participants.FirstOrDefault(p => p.UserId == userId);
            return TypedResults.Ok(new PollResponseBody(poll.Id, poll.Title, poll.DescriptionMarkdown, Lower(poll.Status), poll.HideParticipants,
                poll.MeetingId, poll.ChosenSlotId,
                [.. results.Slots.Select(s => new PollSlotResponse(s.Slot.Id, s.Slot.StartUtc, s.Slot.EndUtc, s.Slot.DurationMinutes, s.Slot.TimeZoneId, s.Yes, s.IfNeedBe, s.No, s.Best))],
                mine?.Choices.ToDictionary(c => c.Key, c => ChoiceName(c.Value)), mine?.Comment));
        }).RequireScope(MeetingsApiScopes.Read).WithName("getPoll").WithSummary("A date poll the token's member was invited to, with its slots and tallies");

        // A poll the caller may not see is not found, exactly as GET answers: the answer never confirms it exists.
        api.MapPost("/polls/{id:long}/answers", async Task<Results<NoContent, NotFound, ValidationProblem>> (
            long id, PollAnswerRequest body, ClaimsPrincipal user, PollService polls, MeetingAccess access, CancellationToken ct) =>
        {
            var poll = await polls.GetAsync(id, ct);
            if (poll is null || !await MaySeePollAsync(poll, user, polls, access, ct))
            {
                return TypedResults.NotFound();
            }

            var choices = new Dictionary<long, PollChoice>();
            foreach (var (slotId, text) in body.Choices ?? [])
            {
                if (ParseChoice(text) is not { } choice)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["choices"] = [$"Slot {slotId}: give \"yes\", \"if-need-be\" or \"no\"."] });
                }

                choices[slotId] = choice;
            }

            var outcome = await polls.AnswerAsync(id, MeetingAccess.UserId(user)!, choices, body.Comment, ct);
            return outcome.Succeeded ? TypedResults.NoContent() : Problems(outcome.Problems);
        }).RequireScope(MeetingsApiScopes.Write).WithName("answerPoll").WithSummary("Answer a date poll: yes, if-need-be or no per slot");
    }

    /// <summary>Who may see a poll through the API: its organisers, its creator and its invitees.</summary>
    private static async Task<bool> MaySeePollAsync(DatePoll poll, ClaimsPrincipal user, PollService polls, MeetingAccess access, CancellationToken ct)
    {
        var userId = MeetingAccess.UserId(user)!;
        return access.CanManage(user) || poll.CreatedByUserId == userId || await polls.IsInvitedAsync(poll.Id, userId, ct);
    }

    /// <summary>The .ics of one meeting (for whoever may see it) and members' personal feeds (by secret).</summary>
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/meetings/{id:long}/calendar.ics", async (long id, ClaimsPrincipal user, HubDbContext db, MeetingAccess access, CalendarFeedService calendars, CancellationToken ct) =>
        {
            var meeting = await access.Visible(db.Set<Meeting>().AsNoTracking(), user).FirstOrDefaultAsync(m => m.Id == id, ct);
            // The pages' rule: anonymous visitors sign in and come back, whatever the id.
            return meeting is null
                ? NotVisible.Endpoint(user)
                : Results.File(await calendars.MeetingIcsAsync(meeting, ct), MeetingCalendar.ContentType(CalendarMethod.Publish), $"meeting-{id}.ics");
        }).ExcludeFromDescription();

        endpoints.MapGet("/meetings/feed/{token}.ics", async (string token, HttpContext http, CalendarFeedService calendars, CancellationToken ct) =>
        {
            var feed = await calendars.FeedAsync(token, ct);
            if (feed is null)
            {
                return Results.NotFound();
            }

            // The URL is the secret: keep it out of shared caches.
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(feed, MeetingCalendar.ContentType(CalendarMethod.Publish));
        }).ExcludeFromDescription();
    }

    /// <summary>
    /// A meeting's document, for whoever may see the meeting (the meeting page's rule, applied in the
    /// query on every download). Anonymous visitors asking for any document they may not see are sent
    /// to sign in; signed-in members who may not see it are told it does not exist (<see cref="NotVisible"/>).
    /// </summary>
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/meetings/{id:long}/documents/{documentId:long}", async (
            long id, long documentId, HttpContext http, DocumentService documents, IFileStore store, CancellationToken ct) =>
        {
            var document = await documents.FindVisibleAsync(id, documentId, http.User, ct);
            if (document is null)
            {
                return NotVisible.Endpoint(http.User);
            }

            return StoredFileDownload.Result(http, store, document.Sha256, document.ContentType, document.FileName);
        }).ExcludeFromDescription();
    }

    public static MeetingSummaryResponse Summary(Meeting m, PublicUrls urls) => new(
        m.Id, m.Title, m.StartUtc, m.EndUtc, m.TimeZoneId, m.Venue, Lower(m.Visibility), Lower(m.Status), m.Series?.Title,
        urls.Absolute(MeetingsUrls.Meeting(m.Id)), urls.Absolute(MeetingsUrls.Ics(m.Id)));

    public static PollChoice? ParseChoice(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "yes" => PollChoice.Yes,
        "if-need-be" or "ifneedbe" or "if need be" => PollChoice.IfNeedBe,
        "no" => PollChoice.No,
        _ => null,
    };

    public static string ChoiceName(PollChoice choice) => choice switch
    {
        PollChoice.Yes => "yes",
        PollChoice.IfNeedBe => "if-need-be",
        _ => "no",
    };

    /// <summary>
    /// The caller of an endpoint open to anonymous visitors: nobody (anonymous) without a bearer
    /// token; with one, its member, provided the token is valid and carries the scope.
    /// </summary>
    private static async Task<(ClaimsPrincipal User, ProblemHttpResult? Error)> CallerAsync(HttpContext http, string scope)
    {
        var (principal, error) = await ApiScopeEndpoints.OptionalCallerAsync(http, scope);
        return (principal ?? new ClaimsPrincipal(new ClaimsIdentity()), error);
    }

    private static ValidationProblem Problems(IReadOnlyList<Problem> problems) =>
        TypedResults.ValidationProblem(problems.GroupBy(p => p.Field.Length == 0 ? "request" : p.Field)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
