using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

public sealed record ParticipantRow(Registration Registration, string Name, string Email, string? Organisation);

/// <summary>Reads for the pages, with visibility applied in the query.</summary>
public sealed class MeetingQueries(HubDbContext db, IMemberDirectory directory, MeetingAccess access, TimeProvider clock)
{
    public async Task<IReadOnlyList<Meeting>> UpcomingAsync(ClaimsPrincipal user, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await access.Visible(db.Set<Meeting>().AsNoTracking(), user)
            .Where(m => m.EndUtc >= now && m.Status != MeetingStatus.Cancelled)
            .OrderBy(m => m.StartUtc).Take(take).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Meeting>> ListAsync(ClaimsPrincipal user, long? seriesId, CancellationToken ct)
    {
        var query = access.Visible(db.Set<Meeting>().AsNoTracking().Include(m => m.Series), user);
        if (seriesId is { } id)
        {
            query = query.Where(m => m.SeriesId == id);
        }

        return await query.OrderByDescending(m => m.StartUtc).Take(500).ToListAsync(ct);
    }

    public Task<Meeting?> FindVisibleAsync(long id, ClaimsPrincipal user, CancellationToken ct) =>
        access.Visible(db.Set<Meeting>().AsNoTracking().Include(m => m.Series), user).FirstOrDefaultAsync(m => m.Id == id, ct);

    public async Task<IReadOnlyList<MeetingPerson>> PeopleAsync(long meetingId, CancellationToken ct) =>
        await db.Set<MeetingPerson>().AsNoTracking().Include(p => p.Person)
            .Where(p => p.MeetingId == meetingId).OrderBy(p => p.Role).ThenBy(p => p.Order).ToListAsync(ct);

    public Task<Registration?> RegistrationAsync(long meetingId, string? userId, CancellationToken ct) =>
        userId is null
            ? Task.FromResult<Registration?>(null)
            : db.Set<Registration>().AsNoTracking().FirstOrDefaultAsync(r => r.MeetingId == meetingId && r.UserId == userId, ct);

    public Task<int> PlacesTakenAsync(long meetingId, CancellationToken ct) =>
        db.Set<Registration>().CountAsync(r => r.MeetingId == meetingId && r.Response == RegistrationResponse.Yes && r.Status == RegistrationStatus.Confirmed, ct);

    /// <summary>The participant list for organisers: confirmed first, then maybe, the waiting list in order, then those not coming.</summary>
    public async Task<IReadOnlyList<ParticipantRow>> ParticipantsAsync(long meetingId, CancellationToken ct)
    {
        var registrations = await db.Set<Registration>().AsNoTracking().Where(r => r.MeetingId == meetingId).ToListAsync(ct);
        var members = await directory.FindAsync(registrations.Select(r => r.UserId), ct);
        var rows = registrations.Where(r => members.ContainsKey(r.UserId)).Select(r => new { r, u = members[r.UserId] });
        return [.. rows
            .OrderBy(x => x.r.Status == RegistrationStatus.NotAttending ? 3 : x.r.Status == RegistrationStatus.Waitlisted ? 2 : x.r.Response == RegistrationResponse.Maybe ? 1 : 0)
            .ThenBy(x => x.r.QueuedAt)
            .Select(x => new ParticipantRow(x.r, x.u.DisplayName, x.u.Email ?? "", x.u.OrganisationName))];
    }

    public async Task<IReadOnlyList<DatePoll>> PollsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = MeetingAccess.UserId(user);
        var query = db.Set<DatePoll>().AsNoTracking().Include(p => p.Slots).AsQueryable();
        if (!access.CanManage(user))
        {
            var invited = db.Set<PollInvitee>().Where(i => i.UserId == userId).Select(i => i.PollId);
            query = query.Where(p => invited.Contains(p.Id));
        }

        return await query.OrderByDescending(p => p.Id).Take(100).ToListAsync(ct);
    }

    /// <summary>
    /// Open date polls for the home page: for a member, those they are invited to and have not
    /// answered yet; organisers see every open poll (they close them). Anonymous visitors see none.
    /// </summary>
    public async Task<IReadOnlyList<DatePoll>> OpenPollsAwaitingAsync(ClaimsPrincipal user, int take, CancellationToken ct)
    {
        var userId = MeetingAccess.UserId(user);
        if (userId is null)
        {
            return [];
        }

        var query = db.Set<DatePoll>().AsNoTracking().Include(p => p.Slots).Where(p => p.Status == PollStatus.Open);
        if (!access.CanManage(user))
        {
            var invited = db.Set<PollInvitee>().Where(i => i.UserId == userId).Select(i => i.PollId);
            var answered = db.Set<PollResponse>().Where(r => r.UserId == userId).Select(r => r.PollId);
            query = query.Where(p => invited.Contains(p.Id) && !answered.Contains(p.Id));
        }

        return await query.OrderByDescending(p => p.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>
    /// The home page's "what needs you" for a signed-in member (nothing for anonymous visitors):
    /// polls awaiting their answer, open questionnaires of coming meetings they have not answered,
    /// reports in review they may comment on, and the next confirmed meetings with their registration.
    /// </summary>
    public async Task<HomeNeeds> NeedsAsync(ClaimsPrincipal user, int take, CancellationToken ct)
    {
        var userId = MeetingAccess.UserId(user);
        if (userId is null)
        {
            return HomeNeeds.None;
        }

        var now = clock.GetUtcNow();
        var polls = await OpenPollsAwaitingAsync(user, take, ct);
        var visible = access.Visible(db.Set<Meeting>().AsNoTracking(), user);
        var coming = visible.Where(m => m.EndUtc >= now && m.Status != MeetingStatus.Cancelled);
        var answered = db.Set<QuestionnaireRespondent>().Where(r => r.UserId == userId).Select(r => r.QuestionnaireId);
        var questionnaires = await coming
            .Where(m => db.Set<Questionnaire>().Any(q => q.MeetingId == m.Id && q.IsOpen && (q.ClosesAt == null || q.ClosesAt > now) && !answered.Contains(q.Id)))
            .OrderBy(m => m.StartUtc).Take(take).ToListAsync(ct);

        List<(Meeting, DateTimeOffset?)> reports = [];
        if (access.CanParticipate(user))
        {
            var open = await db.Set<MeetingReport>().AsNoTracking()
                .Where(r => r.Status == ReportStatus.InReview && r.ReviewClosesAt > now)
                .ToDictionaryAsync(r => r.MeetingId, r => r.ReviewClosesAt, ct);
            var ids = open.Keys.ToList();
            reports = [.. (await visible.Where(m => ids.Contains(m.Id)).OrderByDescending(m => m.StartUtc).Take(take).ToListAsync(ct))
                .Select(m => (m, open[m.Id]))];
        }

        var next = await coming.Where(m => m.Status == MeetingStatus.Confirmed).OrderBy(m => m.StartUtc).Take(take).ToListAsync(ct);
        var nextIds = next.Select(m => m.Id).ToList();
        var registrations = await db.Set<Registration>().AsNoTracking()
            .Where(r => r.UserId == userId && nextIds.Contains(r.MeetingId))
            .ToDictionaryAsync(r => r.MeetingId, ct);
        return new HomeNeeds(polls, questionnaires, reports, [.. next.Select(m => (m, registrations.GetValueOrDefault(m.Id)))]);
    }

    public Task<IReadOnlyList<Member>> MembersAsync(CancellationToken ct) => directory.AllAsync(ct);
}
