using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

public sealed record SlotInput(DateTime? LocalStart, int? DurationMinutes, string? TimeZoneId);

public sealed record PollInput(
    string? Title,
    string? DescriptionMarkdown,
    long? SeriesId,
    long? MeetingId,
    bool HideParticipants,
    IReadOnlyList<SlotInput> Slots,
    IReadOnlyList<string> InviteRoles,
    IReadOnlyList<string> InviteEmails,
    DateOnly? AnswerBy = null);

public sealed record SlotTotals(PollSlot Slot, int Yes, int IfNeedBe, int No, bool Best);

public sealed record PollParticipant(string UserId, string Name, string? Comment, IReadOnlyDictionary<long, PollChoice> Choices);

public sealed record PollResults(IReadOnlyList<SlotTotals> Slots, IReadOnlyList<PollParticipant> Participants, int Invited);

/// <summary>Date polls: created with slots and invitees, answered until closed, closed by picking a slot.</summary>
public sealed class PollService(HubDbContext db, IMemberDirectory directory, MeetingMail mail, MeetingService meetings, TimeProvider clock)
{
    public const int MaxSlots = 30;

    public async Task<Outcome<DatePoll>> CreateAsync(PollInput input, string organiserUserId, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200)
        {
            problems.Add(new("Title", "Enter a title of up to 200 characters."));
        }

        var slots = new List<PollSlot>();
        // A slot row left without a start is an unused row of the form, not a mistake.
        var filled = input.Slots.Where(s => s.LocalStart is not null).ToList();
        if (filled.Count == 0)
        {
            problems.Add(new("Slots", "Propose at least one date and time."));
        }
        else if (filled.Count > MaxSlots)
        {
            problems.Add(new("Slots", $"Propose at most {MaxSlots} slots."));
        }

        for (var i = 0; i < filled.Count && i < MaxSlots; i++)
        {
            var slot = filled[i];
            var field = $"Slots[{input.Slots.ToList().IndexOf(slot)}]";
            var zone = MeetingTime.FindZone(slot.TimeZoneId);
            if (zone is null)
            {
                problems.Add(new(field + ".TimeZoneId", $"Slot {i + 1}: choose a time zone from the list."));
                continue;
            }

            if (slot.LocalStart is null)
            {
                problems.Add(new(field + ".LocalStart", $"Slot {i + 1}: enter the date and start time."));
                continue;
            }

            if (slot.DurationMinutes is null or < 15 or > MeetingService.MaxMinutes)
            {
                problems.Add(new(field + ".DurationMinutes", $"Slot {i + 1}: enter a duration of at least 15 minutes."));
                continue;
            }

            var start = MeetingTime.ToUtc(slot.LocalStart.Value, zone, out var error);
            if (start is null)
            {
                problems.Add(new(field + ".LocalStart", $"Slot {i + 1}: {error}"));
                continue;
            }

            if (start <= clock.GetUtcNow())
            {
                problems.Add(new(field + ".LocalStart", $"Slot {i + 1}: propose a time in the future."));
                continue;
            }

            slots.Add(new PollSlot { StartUtc = start.Value, DurationMinutes = slot.DurationMinutes.Value, TimeZoneId = zone.Id });
        }

        if (input.MeetingId is { } meetingId && !await db.Set<Meeting>().AnyAsync(m => m.Id == meetingId && m.Status != MeetingStatus.Cancelled, ct))
        {
            problems.Add(new("MeetingId", "The meeting to date does not exist or was cancelled."));
        }

        if (input.AnswerBy is { } answerBy
            && (answerBy < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) || (slots.Count > 0 && answerBy > DateOnly.FromDateTime(slots.Min(x => x.StartUtc).UtcDateTime))))
        {
            problems.Add(new("AnswerBy", "The day to answer by must be from today and no later than the first proposed date."));
        }

        var invitees = await ResolveInviteesAsync(input, problems, ct);
        if (problems.Count > 0)
        {
            return Outcome<DatePoll>.Fail(problems);
        }

        var poll = new DatePoll
        {
            Title = input.Title!.Trim(),
            DescriptionMarkdown = input.DescriptionMarkdown?.Trim() ?? "",
            SeriesId = input.SeriesId,
            MeetingId = input.MeetingId,
            HideParticipants = input.HideParticipants,
            AnswerBy = input.AnswerBy,
            CreatedByUserId = organiserUserId,
            CreatedAt = clock.GetUtcNow(),
            Slots = [.. slots.OrderBy(s => s.StartUtc)],
        };
        db.Set<DatePoll>().Add(poll);
        await db.SaveChangesAsync(ct);
        foreach (var userId in invitees)
        {
            db.Set<PollInvitee>().Add(new PollInvitee { PollId = poll.Id, UserId = userId });
        }

        // Each invitee is told, in the unit of work that stores the invitation.
        await mail.PollOpenedAsync(poll, [.. (await directory.FindAsync(invitees, ct)).Values], ct);
        await db.SaveChangesAsync(ct);
        return Outcome<DatePoll>.Ok(poll);
    }

    private async Task<List<string>> ResolveInviteesAsync(PollInput input, List<Problem> problems, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in input.InviteRoles.Distinct(StringComparer.Ordinal))
        {
            ids.UnionWith(await directory.IdsInRoleAsync(role, ct));
        }

        var emails = input.InviteEmails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (emails.Count > 0)
        {
            var found = await directory.FindByEmailAsync(emails, ct);
            var missing = emails.Where(e => !found.ContainsKey(e.ToUpperInvariant())).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new("InviteEmails", $"No member has the address {string.Join(", ", missing)}."));
            }

            ids.UnionWith(found.Values.Select(f => f.Id));
        }

        if (ids.Count == 0 && problems.Count == 0)
        {
            problems.Add(new("InviteEmails", "Invite at least one member, by group or by email address."));
        }

        return [.. ids];
    }

    public Task<DatePoll?> GetAsync(long pollId, CancellationToken ct) =>
        db.Set<DatePoll>().AsNoTracking().Include(p => p.Slots.OrderBy(s => s.StartUtc)).FirstOrDefaultAsync(p => p.Id == pollId, ct);

    public Task<bool> IsInvitedAsync(long pollId, string userId, CancellationToken ct) =>
        db.Set<PollInvitee>().AnyAsync(i => i.PollId == pollId && i.UserId == userId, ct);

    /// <summary>
    /// Sets the member's choice for each slot (a slot not mentioned counts as "no") and their comment.
    /// Refused, with nothing changed, when the poll is closed, a slot belongs to another poll, or the
    /// member was not invited.
    /// </summary>
    public async Task<Outcome<PollResponse>> AnswerAsync(long pollId, string userId, IReadOnlyDictionary<long, PollChoice> choices, string? comment, CancellationToken ct)
    {
        var poll = await db.Set<DatePoll>().AsNoTracking().Include(p => p.Slots).FirstOrDefaultAsync(p => p.Id == pollId, ct);
        if (poll is null)
        {
            return Outcome<PollResponse>.Fail(new Problem("", "That poll does not exist."));
        }

        if (poll.Status == PollStatus.Closed)
        {
            return Outcome<PollResponse>.Fail(new Problem("", "This poll is closed: answers can no longer be given or changed."));
        }

        if (poll.CreatedByUserId != userId && !await IsInvitedAsync(pollId, userId, ct))
        {
            return Outcome<PollResponse>.Fail(new Problem("", "You are not invited to this poll."));
        }

        var slotIds = poll.Slots.Select(s => s.Id).ToHashSet();
        var foreign = choices.Keys.Where(id => !slotIds.Contains(id)).ToList();
        if (foreign.Count > 0)
        {
            return Outcome<PollResponse>.Fail(new Problem("", $"Slot {string.Join(", ", foreign)} is not one of this poll's slots."));
        }

        if (choices.Values.Any(c => !Enum.IsDefined(c)))
        {
            return Outcome<PollResponse>.Fail(new Problem("", "Answer each slot with yes, if need be or no."));
        }

        if (comment?.Length > 1000)
        {
            return Outcome<PollResponse>.Fail(new Problem("Comment", "The comment can be up to 1,000 characters."));
        }

        var response = await db.Set<PollResponse>().Include(r => r.Answers).FirstOrDefaultAsync(r => r.PollId == pollId && r.UserId == userId, ct);
        if (response is null)
        {
            response = new PollResponse { PollId = pollId, UserId = userId };
            db.Set<PollResponse>().Add(response);
        }

        response.Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        response.UpdatedAt = clock.GetUtcNow();
        foreach (var slot in poll.Slots)
        {
            var choice = choices.TryGetValue(slot.Id, out var c) ? c : PollChoice.No;
            var answer = response.Answers.FirstOrDefault(a => a.SlotId == slot.Id);
            if (answer is null)
            {
                response.Answers.Add(new PollAnswer { SlotId = slot.Id, Choice = choice });
            }
            else
            {
                answer.Choice = choice;
            }
        }

        // The poll may have closed while we checked: the close takes effect first, answers do not slip in after.
        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        await db.SaveChangesAsync(ct);
        if (await db.Set<DatePoll>().AnyAsync(p => p.Id == pollId && p.Status == PollStatus.Closed, ct))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome<PollResponse>.Fail(new Problem("", "This poll is closed: answers can no longer be given or changed."));
        }

        await transaction.CommitAsync(ct);
        return Outcome<PollResponse>.Ok(response);
    }

    /// <summary>Totals per slot; the best slots have the most people able to come (yes or if need be), then the most yeses.</summary>
    public async Task<PollResults> ResultsAsync(DatePoll poll, CancellationToken ct)
    {
        var responses = await db.Set<PollResponse>().AsNoTracking().Include(r => r.Answers)
            .Where(r => r.PollId == poll.Id).OrderBy(r => r.Id).ToListAsync(ct);
        var userIds = responses.Select(r => r.UserId).ToList();
        var names = (await directory.FindAsync(userIds, ct)).Values
            .ToDictionary(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id, StringComparer.Ordinal);
        var invited = await db.Set<PollInvitee>().CountAsync(i => i.PollId == poll.Id, ct);

        var totals = poll.Slots.OrderBy(s => s.StartUtc).Select(slot =>
        {
            var choices = responses.Select(r => r.Answers.FirstOrDefault(a => a.SlotId == slot.Id)?.Choice ?? PollChoice.No).ToList();
            return (Slot: slot, Yes: choices.Count(c => c == PollChoice.Yes), IfNeedBe: choices.Count(c => c == PollChoice.IfNeedBe), No: choices.Count(c => c == PollChoice.No));
        }).ToList();
        var bestScore = totals.Count == 0 ? (0, 0) : totals.Max(t => (t.Yes + t.IfNeedBe, t.Yes));
        var slots = totals.Select(t => new SlotTotals(t.Slot, t.Yes, t.IfNeedBe, t.No,
            responses.Count > 0 && (t.Yes + t.IfNeedBe, t.Yes) == bestScore && bestScore.Item1 > 0)).ToList();
        var participants = responses.Select(r => new PollParticipant(
            r.UserId,
            names.GetValueOrDefault(r.UserId, "A member"),
            r.Comment,
            r.Answers.ToDictionary(a => a.SlotId, a => a.Choice))).ToList();
        return new PollResults(slots, participants, invited);
    }

    /// <summary>
    /// Closes the poll on the chosen slot: the poll's meeting gets that date (or a new meeting is
    /// created), everyone invited or who answered is invited to it with the .ics, all in one transaction.
    /// </summary>
    public async Task<Outcome<Meeting>> CloseAsync(long pollId, long slotId, string organiserUserId, CancellationToken ct)
    {
        var poll = await db.Set<DatePoll>().Include(p => p.Slots).FirstOrDefaultAsync(p => p.Id == pollId, ct);
        if (poll is null)
        {
            return Outcome<Meeting>.Fail(new Problem("", "That poll does not exist."));
        }

        if (poll.Status == PollStatus.Closed)
        {
            return Outcome<Meeting>.Fail(new Problem("", "This poll is already closed."));
        }

        var slot = poll.Slots.FirstOrDefault(s => s.Id == slotId);
        if (slot is null)
        {
            return Outcome<Meeting>.Fail(new Problem("SlotId", "Choose one of this poll's slots."));
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        // Conditional: if two organisers close at once, only one wins.
        var closed = await db.Set<DatePoll>().Where(p => p.Id == pollId && p.Status == PollStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PollStatus.Closed), ct);
        if (closed == 0)
        {
            return Outcome<Meeting>.Fail(new Problem("", "This poll is already closed."));
        }

        var now = clock.GetUtcNow();
        poll.Status = PollStatus.Closed;
        poll.ClosedAt = now;
        poll.ChosenSlotId = slot.Id;

        Meeting meeting;
        var isNew = poll.MeetingId is null;
        if (isNew)
        {
            meeting = new Meeting
            {
                Uid = MeetingService.NewUid(),
                Title = poll.Title,
                DescriptionMarkdown = poll.DescriptionMarkdown,
                SeriesId = poll.SeriesId,
                Visibility = MeetingVisibility.Network,
                OrganiserUserId = organiserUserId,
                CreatedAt = now,
            };
            db.Set<Meeting>().Add(meeting);
        }
        else
        {
            meeting = await db.Set<Meeting>().FirstAsync(m => m.Id == poll.MeetingId, ct);
            meeting.Sequence++;
        }

        meeting.StartUtc = slot.StartUtc;
        meeting.EndUtc = slot.EndUtc;
        meeting.TimeZoneId = slot.TimeZoneId;
        meeting.Status = MeetingStatus.Confirmed;
        meeting.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        poll.MeetingId = meeting.Id;

        // Everyone concerned hears of the date in the same transaction: members already invited to
        // the meeting get the update, the poll's invitees and respondents the invitation, each with the .ics.
        if (!isNew)
        {
            await mail.UpdateAsync(meeting, "the date is now " + MeetingTime.Describe(meeting.StartUtc, meeting.EndUtc, MeetingTime.ZoneOrDefault(meeting.TimeZoneId)), ct);
        }

        var invitees = await db.Set<PollInvitee>().Where(i => i.PollId == pollId).Select(i => i.UserId).ToListAsync(ct);
        var respondents = await db.Set<PollResponse>().Where(r => r.PollId == pollId).Select(r => r.UserId).ToListAsync(ct);
        await meetings.StageInvitationsAsync(meeting, [.. invitees.Union(respondents)], ct, poll);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome<Meeting>.Ok(meeting);
    }
}
