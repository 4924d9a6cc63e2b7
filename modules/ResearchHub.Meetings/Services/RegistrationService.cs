using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

public sealed record RegistrationInput(RegistrationResponse Response, string? AccessNeeds, string? DietaryNeeds);

/// <summary>
/// Registration with a capacity. Every change for a meeting runs in a transaction that first bumps
/// the meeting's RegistrationVersion: that UPDATE takes the meeting row's lock on PostgreSQL (and the
/// write lock on SQLite), so concurrent registrations for one meeting are counted one after another
/// and the capacity is never exceeded; the next ones go to the waiting list, which moves up in
/// order when a place is freed.
/// </summary>
public sealed class RegistrationService(HubDbContext db, IMemberDirectory directory, MeetingMail mail, TimeProvider clock)
{
    public async Task<Outcome<Registration>> RegisterAsync(long meetingId, string userId, RegistrationInput input, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (!Enum.IsDefined(input.Response))
        {
            problems.Add(new("Response", "Choose yes, maybe or no."));
        }

        if (input.AccessNeeds?.Length > 2000)
        {
            problems.Add(new("AccessNeeds", "Access needs can be up to 2,000 characters."));
        }

        if (input.DietaryNeeds?.Length > 2000)
        {
            problems.Add(new("DietaryNeeds", "Dietary needs can be up to 2,000 characters."));
        }

        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        var now = clock.GetUtcNow();
        if (meeting is null)
        {
            problems.Add(new("", "That meeting does not exist."));
        }
        else if (meeting.Status == MeetingStatus.Cancelled)
        {
            problems.Add(new("", "This meeting has been cancelled."));
        }
        else if (meeting.EndUtc <= now)
        {
            problems.Add(new("", "This meeting is over: registration has closed."));
        }

        if (problems.Count > 0)
        {
            return Outcome<Registration>.Fail(problems);
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        await LockAsync(meetingId, ct);
        var registration = await db.Set<Registration>().FirstOrDefaultAsync(r => r.MeetingId == meetingId && r.UserId == userId, ct);
        var hadPlace = registration?.TakesPlace == true;
        if (registration is null)
        {
            registration = new Registration { MeetingId = meetingId, UserId = userId, CreatedAt = now, QueuedAt = now };
            db.Set<Registration>().Add(registration);
        }

        registration.AccessNeeds = Clean(input.AccessNeeds);
        registration.DietaryNeeds = Clean(input.DietaryNeeds);
        registration.UpdatedAt = now;
        switch (input.Response)
        {
            case RegistrationResponse.Yes when hadPlace:
                break;
            case RegistrationResponse.Yes when registration is { Response: RegistrationResponse.Yes, Status: RegistrationStatus.Waitlisted }:
                break; // keeps its place in the queue
            case RegistrationResponse.Yes:
                registration.QueuedAt = now;
                var taken = await db.Set<Registration>().CountAsync(r => r.MeetingId == meetingId && r.UserId != userId
                    && r.Response == RegistrationResponse.Yes && r.Status == RegistrationStatus.Confirmed, ct);
                registration.Status = meeting!.Capacity is null || taken < meeting.Capacity
                    ? RegistrationStatus.Confirmed
                    : RegistrationStatus.Waitlisted;
                break;
            case RegistrationResponse.Maybe:
                registration.Status = RegistrationStatus.Confirmed;
                break;
            default:
                registration.Status = RegistrationStatus.NotAttending;
                break;
        }

        registration.Response = input.Response;
        await db.SaveChangesAsync(ct);
        if (!hadPlace && registration.TakesPlace && registration.Response == RegistrationResponse.Yes
            && await directory.FindAsync(userId, ct) is { } member)
        {
            await mail.RegisteredAsync(meeting!, member, now.UtcTicks, ct);
            await db.SaveChangesAsync(ct);
        }

        if (hadPlace && !registration.TakesPlace)
        {
            await PromoteAsync(meeting!, ct);
        }

        await transaction.CommitAsync(ct);
        return Outcome<Registration>.Ok(registration);
    }

    /// <summary>Cancels the member's registration (and frees their place for the waiting list).</summary>
    public Task<Outcome<Registration>> CancelAsync(long meetingId, string userId, CancellationToken ct) =>
        RegisterAsync(meetingId, userId, new RegistrationInput(RegistrationResponse.No, null, null), ct);

    /// <summary>Gives freed places to the waiting list, first come first served; each promoted member is told.</summary>
    private async Task PromoteAsync(Meeting meeting, CancellationToken ct)
    {
        var taken = await db.Set<Registration>().CountAsync(r => r.MeetingId == meeting.Id
            && r.Response == RegistrationResponse.Yes && r.Status == RegistrationStatus.Confirmed, ct);
        var free = meeting.Capacity is null ? int.MaxValue : meeting.Capacity.Value - taken;
        if (free <= 0)
        {
            return;
        }

        var next = await db.Set<Registration>()
            .Where(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.QueuedAt).ThenBy(r => r.Id)
            .Take(free)
            .ToListAsync(ct);
        foreach (var registration in next)
        {
            registration.Status = RegistrationStatus.Confirmed;
            registration.UpdatedAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        var ids = next.Select(r => r.UserId).ToList();
        foreach (var member in (await directory.FindAsync(ids, ct)).Values)
        {
            await mail.PlaceFreedAsync(meeting, member, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The UPDATE that serialises registration changes per meeting (see the class summary).</summary>
    private Task<int> LockAsync(long meetingId, CancellationToken ct) =>
        db.Set<Meeting>().Where(m => m.Id == meetingId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.RegistrationVersion, m => m.RegistrationVersion + 1), ct);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
