using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Search;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>What an organiser enters for a meeting: wall-clock times in the meeting's zone.</summary>
public sealed record MeetingInput(
    string? Title,
    string? DescriptionMarkdown,
    DateTime? LocalStart,
    DateTime? LocalEnd,
    string? TimeZoneId,
    string? Venue,
    string? OnlineUrl,
    int? Capacity,
    MeetingVisibility Visibility,
    MeetingStatus Status,
    long? SeriesId);

/// <summary>A host or speaker as an organiser edits them.</summary>
public sealed record MeetingPersonInput(string? Name, string? Affiliation, string? Biography, MeetingRole Role, string? MemberEmail);

public sealed record AgendaItemInput(
    DateTime? LocalStart,
    int? DurationMinutes,
    string? Title,
    AgendaItemKind Kind,
    string? Notes,
    IReadOnlyList<long> SpeakerIds,
    string? SessionTitle);

/// <summary>An agenda item as shown, with the warnings the timetable check found.</summary>
public sealed record AgendaRow(AgendaItem Item, IReadOnlyList<Person> Speakers, bool Overlaps);

/// <summary>Meetings, their people and agendas: validated, saved, and announced to the people concerned.</summary>
public sealed class MeetingService(HubDbContext db, IMemberDirectory directory, MeetingMail mail, MeetingSearchSource search, MeetingHistory history, TimeProvider clock)
{
    public const int MaxMinutes = 7 * 24 * 60;

    public static (DateTimeOffset Start, DateTimeOffset End, TimeZoneInfo Zone)? ValidateTimes(
        DateTime? localStart, DateTime? localEnd, string? timeZoneId, List<Problem> problems)
    {
        var zone = MeetingTime.FindZone(timeZoneId);
        if (zone is null)
        {
            problems.Add(new("TimeZoneId", "Choose a time zone from the list."));
        }

        if (localStart is null)
        {
            problems.Add(new("LocalStart", "Enter when the meeting starts."));
        }

        if (localEnd is null)
        {
            problems.Add(new("LocalEnd", "Enter when the meeting ends."));
        }

        if (zone is null || localStart is null || localEnd is null)
        {
            return null;
        }

        var start = MeetingTime.ToUtc(localStart.Value, zone, out var startError);
        var end = MeetingTime.ToUtc(localEnd.Value, zone, out var endError);
        if (startError is not null)
        {
            problems.Add(new("LocalStart", startError));
        }

        if (endError is not null)
        {
            problems.Add(new("LocalEnd", endError));
        }

        if (start is null || end is null)
        {
            return null;
        }

        if (end <= start)
        {
            problems.Add(new("LocalEnd", "The end must be after the start."));
            return null;
        }

        if ((end.Value - start.Value).TotalMinutes > MaxMinutes)
        {
            problems.Add(new("LocalEnd", "A meeting can last at most a week."));
            return null;
        }

        return (start.Value, end.Value, zone);
    }

    private async Task<List<Problem>> ValidateAsync(MeetingInput input, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200)
        {
            problems.Add(new("Title", "Enter a title of up to 200 characters."));
        }

        ValidateTimes(input.LocalStart, input.LocalEnd, input.TimeZoneId, problems);
        if (input.Capacity is < 1 or > 100_000)
        {
            problems.Add(new("Capacity", "Capacity is a number of places from 1, or empty for no limit."));
        }

        if (!string.IsNullOrWhiteSpace(input.OnlineUrl)
            && (!Uri.TryCreate(input.OnlineUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            problems.Add(new("OnlineUrl", "The joining link must be a web address starting with https://."));
        }

        if (input.Venue?.Length > 500)
        {
            problems.Add(new("Venue", "The venue can be up to 500 characters."));
        }

        if (input.SeriesId is { } seriesId && !await db.Set<MeetingSeries>().AnyAsync(s => s.Id == seriesId, ct))
        {
            problems.Add(new("SeriesId", "Choose a series from the list."));
        }

        return problems;
    }

    public async Task<Outcome<Meeting>> CreateAsync(MeetingInput input, string? organiserUserId, CancellationToken ct)
    {
        var problems = await ValidateAsync(input, ct);
        if (problems.Count > 0)
        {
            return Outcome<Meeting>.Fail(problems);
        }

        var now = clock.GetUtcNow();
        var meeting = new Meeting { Uid = NewUid(), Title = "", CreatedAt = now, OrganiserUserId = organiserUserId };
        Apply(meeting, input);
        meeting.UpdatedAt = now;
        await using var transaction = await UnitOfWork.BeginAsync(db, ct); // Search: data and index row together (joins a recipe's)
        db.Set<Meeting>().Add(meeting);
        await db.SaveChangesAsync(ct);
        history.Add(meeting.Id, "Created the meeting.");
        await db.SaveChangesAsync(ct);
        await search.IndexAsync(meeting.Id, ct);
        await transaction.CommitAsync(ct);
        return Outcome<Meeting>.Ok(meeting);
    }

    /// <summary>
    /// Saves the changes; when the date, time, zone or place changed, SEQUENCE goes up and everyone
    /// invited or registered gets the update with the new calendar entry, in the same transaction.
    /// </summary>
    public async Task<Outcome<Meeting>> UpdateAsync(long id, MeetingInput input, CancellationToken ct)
    {
        var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return Outcome<Meeting>.Fail(new Problem("", "That meeting does not exist."));
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return Outcome<Meeting>.Fail(new Problem("", "This meeting has been cancelled and can no longer change."));
        }

        var problems = await ValidateAsync(input, ct);
        if (problems.Count > 0)
        {
            return Outcome<Meeting>.Fail(problems);
        }

        var before = (meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId, meeting.Venue, meeting.Title, meeting.Status);
        Apply(meeting, input);
        var changes = new List<string>();
        if (before.StartUtc != meeting.StartUtc || before.EndUtc != meeting.EndUtc || before.TimeZoneId != meeting.TimeZoneId)
        {
            changes.Add("the time is now " + MeetingTime.Describe(meeting.StartUtc, meeting.EndUtc, MeetingTime.ZoneOrDefault(meeting.TimeZoneId)));
        }

        if (before.Venue != meeting.Venue)
        {
            changes.Add("the venue is now " + (meeting.Venue ?? "to be announced"));
        }

        if (before.Title != meeting.Title)
        {
            changes.Add("the title is now " + meeting.Title);
        }

        if (before.Status != meeting.Status)
        {
            changes.Add(meeting.Status == MeetingStatus.Confirmed ? "the date is confirmed" : "the date is provisional");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        meeting.UpdatedAt = clock.GetUtcNow();
        if (changes.Count > 0)
        {
            meeting.Sequence++;
            await mail.UpdateAsync(meeting, string.Join("; ", changes), ct);
        }

        history.Add(meeting.Id, changes.Count > 0 ? $"Changed the details: {string.Join("; ", changes)}." : "Saved the details.");

        await db.SaveChangesAsync(ct);
        await search.IndexAsync(meeting.Id, ct); // Search: in the same transaction
        await transaction.CommitAsync(ct);
        return Outcome<Meeting>.Ok(meeting);
    }

    public async Task<Outcome<Meeting>> CancelAsync(long id, string? reason, CancellationToken ct)
    {
        var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return Outcome<Meeting>.Fail(new Problem("", "That meeting does not exist."));
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return Outcome<Meeting>.Fail(new Problem("", "This meeting was already cancelled."));
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        meeting.Status = MeetingStatus.Cancelled;
        meeting.Sequence++;
        meeting.UpdatedAt = clock.GetUtcNow();
        await mail.CancelAsync(meeting, reason, ct);
        history.Add(meeting.Id, "Cancelled the meeting." + (string.IsNullOrWhiteSpace(reason) ? "" : $" Message: {reason.Trim()}"));
        await db.SaveChangesAsync(ct);
        await search.IndexAsync(meeting.Id, ct); // Search: in the same transaction
        await transaction.CommitAsync(ct);
        return Outcome<Meeting>.Ok(meeting);
    }

    /// <summary>Invites members by email: they get the invitation with the .ics and the meeting's later news.</summary>
    public async Task<Outcome<int>> InviteAsync(long meetingId, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null || meeting.Status == MeetingStatus.Cancelled)
        {
            return Outcome<int>.Fail(new Problem("", "Invitations can only be sent for a meeting that is not cancelled."));
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        var count = await StageInvitationsAsync(meeting, userIds, ct);
        if (count > 0)
        {
            history.Add(meeting.Id, count == 1 ? "Invited 1 member." : $"Invited {count} members.");
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome<int>.Ok(count);
    }

    /// <summary>Adds invitation rows and mails for members not invited yet, in the caller's unit of work (not saved).</summary>
    /// <param name="fromPoll">The date poll that chose the date: its people are told the date was chosen (a notice they may turn off).</param>
    internal async Task<int> StageInvitationsAsync(Meeting meeting, IReadOnlyCollection<string> userIds, CancellationToken ct, DatePoll? fromPoll = null)
    {
        var already = await db.Set<MeetingInvitation>().Where(i => i.MeetingId == meeting.Id).Select(i => i.UserId).ToListAsync(ct);
        List<Member> members = [.. (await directory.FindAsync(userIds.Where(id => !already.Contains(id)), ct)).Values];
        var now = clock.GetUtcNow();
        foreach (var member in members)
        {
            db.Set<MeetingInvitation>().Add(new MeetingInvitation { MeetingId = meeting.Id, UserId = member.Id, InvitedAt = now });
        }

        if (fromPoll is null)
        {
            await mail.InviteAsync(meeting, members, ct);
        }
        else
        {
            await mail.DateChosenAsync(meeting, fromPoll, members, ct);
        }

        return members.Count;
    }

    public async Task<Outcome<AgendaItem>> AddAgendaItemAsync(long meetingId, AgendaItemInput input, CancellationToken ct)
    {
        var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null)
        {
            return Outcome<AgendaItem>.Fail(new Problem("", "That meeting does not exist."));
        }

        var (problems, start, speakerIds) = await ValidateItemAsync(meeting, input, ct);
        if (problems.Count > 0)
        {
            return Outcome<AgendaItem>.Fail(problems);
        }

        var item = new AgendaItem { MeetingId = meetingId, Title = "" };
        await ApplyItemAsync(item, input, start, speakerIds, ct);
        db.Set<AgendaItem>().Add(item);
        meeting.UpdatedAt = clock.GetUtcNow();
        history.Add(meetingId, $"Added the agenda item “{item.Title}” ({DescribeItem(meeting, item)}).");
        await db.SaveChangesAsync(ct);
        return Outcome<AgendaItem>.Ok(item);
    }

    /// <summary>Changes an item; a new start time moves it in the timetable (which is always in time order).</summary>
    public async Task<Outcome<AgendaItem>> UpdateAgendaItemAsync(long meetingId, long itemId, AgendaItemInput input, CancellationToken ct)
    {
        var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        var item = await db.Set<AgendaItem>().Include(i => i.Session).Include(i => i.Speakers)
            .FirstOrDefaultAsync(i => i.MeetingId == meetingId && i.Id == itemId, ct);
        if (meeting is null || item is null)
        {
            return Outcome<AgendaItem>.Fail(new Problem("", "That agenda item does not exist (it may have been removed)."));
        }

        var (problems, start, speakerIds) = await ValidateItemAsync(meeting, input, ct);
        if (problems.Count > 0)
        {
            return Outcome<AgendaItem>.Fail(problems);
        }

        var before = $"“{item.Title}” ({DescribeItem(meeting, item)})";
        await ApplyItemAsync(item, input, start, speakerIds, ct);
        meeting.UpdatedAt = clock.GetUtcNow();
        var after = $"“{item.Title}” ({DescribeItem(meeting, item)})";
        history.Add(meetingId, before == after ? $"Edited the agenda item {after}." : $"Changed the agenda item {before} to {after}.");
        await db.SaveChangesAsync(ct);
        return Outcome<AgendaItem>.Ok(item);
    }

    public async Task<bool> RemoveAgendaItemAsync(long meetingId, long itemId, CancellationToken ct)
    {
        var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        var item = await db.Set<AgendaItem>().FirstOrDefaultAsync(i => i.MeetingId == meetingId && i.Id == itemId, ct);
        if (meeting is null || item is null)
        {
            return false;
        }

        db.Set<AgendaItem>().Remove(item);
        meeting.UpdatedAt = clock.GetUtcNow();
        history.Add(meetingId, $"Removed the agenda item “{item.Title}” ({DescribeItem(meeting, item)}).");
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string DescribeItem(Meeting meeting, AgendaItem item)
    {
        var zone = MeetingTime.ZoneOrDefault(meeting.TimeZoneId);
        var text = $"{MeetingTime.ToLocal(item.StartUtc, zone):HH:mm}–{MeetingTime.ToLocal(item.EndUtc, zone):HH:mm}, {item.Kind}";
        return item.Session is null ? text : $"{text}, session “{item.Session.Title}”";
    }

    private async Task<(List<Problem> Problems, DateTimeOffset Start, List<long> SpeakerIds)> ValidateItemAsync(Meeting meeting, AgendaItemInput input, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 300)
        {
            problems.Add(new("Title", "Enter a title of up to 300 characters."));
        }

        if (input.DurationMinutes is null or < 1 or > MaxMinutes)
        {
            problems.Add(new("DurationMinutes", "Enter a duration in minutes, from 1."));
        }

        if (!Enum.IsDefined(input.Kind))
        {
            problems.Add(new("Kind", "Choose a kind from the list."));
        }

        if (input.SessionTitle?.Trim().Length > 200)
        {
            problems.Add(new("SessionTitle", "A session's name can be up to 200 characters."));
        }

        if (input.Notes?.Trim().Length > 2000)
        {
            problems.Add(new("Notes", "Notes can be up to 2,000 characters."));
        }

        var zone = MeetingTime.ZoneOrDefault(meeting.TimeZoneId);
        DateTimeOffset? start = null;
        if (input.LocalStart is null)
        {
            problems.Add(new("LocalStart", "Enter when the item starts."));
        }
        else
        {
            start = MeetingTime.ToUtc(input.LocalStart.Value, zone, out var error);
            if (error is not null)
            {
                problems.Add(new("LocalStart", error));
            }
        }

        if (start is not null && input.DurationMinutes is > 0
            && (start < meeting.StartUtc || start.Value.AddMinutes(input.DurationMinutes.Value) > meeting.EndUtc))
        {
            problems.Add(new("LocalStart",
                $"The item must fit within the meeting: {MeetingTime.Describe(meeting.StartUtc, meeting.EndUtc, zone)}."));
        }

        var speakerIds = input.SpeakerIds.Distinct().ToList();
        var speakers = await db.Set<MeetingPerson>().Where(p => p.MeetingId == meeting.Id && speakerIds.Contains(p.PersonId))
            .Select(p => p.PersonId).Distinct().CountAsync(ct);
        if (speakers != speakerIds.Count)
        {
            problems.Add(new("SpeakerIds", "Speakers must be among the meeting's hosts and speakers."));
        }

        return (problems, start ?? default, speakerIds);
    }

    private async Task ApplyItemAsync(AgendaItem item, AgendaItemInput input, DateTimeOffset start, List<long> speakerIds, CancellationToken ct)
    {
        AgendaSession? session = null;
        if (!string.IsNullOrWhiteSpace(input.SessionTitle))
        {
            var title = input.SessionTitle.Trim();
            session = db.Set<AgendaSession>().Local.FirstOrDefault(s => s.MeetingId == item.MeetingId && s.Title == title)
                ?? await db.Set<AgendaSession>().FirstOrDefaultAsync(s => s.MeetingId == item.MeetingId && s.Title == title, ct);
            if (session is null)
            {
                var order = await db.Set<AgendaSession>().CountAsync(s => s.MeetingId == item.MeetingId, ct);
                session = new AgendaSession { MeetingId = item.MeetingId, Title = title, Order = order };
                db.Set<AgendaSession>().Add(session);
            }
        }

        item.Session = session;
        if (session is null)
        {
            item.SessionId = null;
        }
        item.StartUtc = start;
        item.DurationMinutes = input.DurationMinutes!.Value;
        item.Title = input.Title!.Trim();
        item.Kind = input.Kind;
        item.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        // Speakers kept keep their row (the key is item and person), with their new place.
        foreach (var gone in item.Speakers.Where(s => !speakerIds.Contains(s.PersonId)).ToList())
        {
            item.Speakers.Remove(gone);
            db.Set<AgendaItemSpeaker>().Remove(gone);
        }

        for (var i = 0; i < speakerIds.Count; i++)
        {
            var speaker = item.Speakers.FirstOrDefault(s => s.PersonId == speakerIds[i]);
            if (speaker is null)
            {
                item.Speakers.Add(new AgendaItemSpeaker { PersonId = speakerIds[i], Order = i });
            }
            else
            {
                speaker.Order = i;
            }
        }
    }

    /// <summary>
    /// The timetable in time order, each item marked when it overlaps another of the same session (or
    /// another without one): items of different sessions at the same time run in parallel, by design.
    /// </summary>
    public async Task<IReadOnlyList<AgendaRow>> AgendaAsync(long meetingId, CancellationToken ct)
    {
        var items = await db.Set<AgendaItem>().AsNoTracking()
            .Include(i => i.Session)
            .Include(i => i.Speakers).ThenInclude(s => s.Person)
            .Where(i => i.MeetingId == meetingId)
            .ToListAsync(ct);
        items = [.. items.OrderBy(i => i.StartUtc).ThenBy(i => i.Id)];
        return [.. items.Select(i => new AgendaRow(
            i,
            [.. i.Speakers.OrderBy(s => s.Order).Select(s => s.Person!)],
            items.Any(o => o.Id != i.Id && o.SessionId == i.SessionId && o.StartUtc < i.EndUtc && i.StartUtc < o.EndUtc)))];
    }

    public async Task<Outcome<Person>> AddPersonAsync(long meetingId, string? name, string? affiliation, string? biography, MeetingRole role, string? memberEmail, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            problems.Add(new("Name", "Enter the person's name, up to 200 characters."));
        }

        string? userId = null;
        if (!string.IsNullOrWhiteSpace(memberEmail))
        {
            var email = memberEmail.Trim();
            userId = (await directory.FindByEmailAsync(email, ct))?.Id;
            if (userId is null)
            {
                problems.Add(new("MemberEmail", "No member has that email address; leave it empty if the person is not a member."));
            }
        }

        if (!await db.Set<Meeting>().AnyAsync(m => m.Id == meetingId, ct))
        {
            problems.Add(new("", "That meeting does not exist."));
        }

        if (problems.Count > 0)
        {
            return Outcome<Person>.Fail(problems);
        }

        var trimmed = name!.Trim();
        var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.Name == trimmed, ct);
        if (person is null)
        {
            person = new Person { Name = trimmed };
            db.Set<Person>().Add(person);
        }

        person.Affiliation = string.IsNullOrWhiteSpace(affiliation) ? person.Affiliation : affiliation.Trim();
        person.BiographyMarkdown = string.IsNullOrWhiteSpace(biography) ? person.BiographyMarkdown : biography.Trim();
        person.UserId = userId ?? person.UserId;
        await db.SaveChangesAsync(ct);
        if (!await db.Set<MeetingPerson>().AnyAsync(p => p.MeetingId == meetingId && p.PersonId == person.Id && p.Role == role, ct))
        {
            var order = await db.Set<MeetingPerson>().CountAsync(p => p.MeetingId == meetingId, ct);
            db.Set<MeetingPerson>().Add(new MeetingPerson { MeetingId = meetingId, PersonId = person.Id, Role = role, Order = order });
            history.Add(meetingId, $"Added {person.Name} as {RoleName(role)}.");
            await db.SaveChangesAsync(ct);
        }

        return Outcome<Person>.Ok(person);
    }

    /// <summary>
    /// Edits a host or speaker: their name, affiliation, biography and member link (the person's
    /// own record, shared by the meetings they took part in), their part in this meeting, and their
    /// place in its list.
    /// </summary>
    public async Task<Outcome<MeetingPerson>> UpdatePersonAsync(long meetingId, long meetingPersonId, MeetingPersonInput input, CancellationToken ct)
    {
        var role = await db.Set<MeetingPerson>().Include(p => p.Person)
            .FirstOrDefaultAsync(p => p.MeetingId == meetingId && p.Id == meetingPersonId, ct);
        if (role is null)
        {
            return Outcome<MeetingPerson>.Fail(new Problem("", "That host or speaker is no longer on this meeting."));
        }

        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            problems.Add(new("Name", "Enter the person's name, up to 200 characters."));
        }

        if (input.Affiliation?.Trim().Length > 300)
        {
            problems.Add(new("Affiliation", "The role and organisation can be up to 300 characters."));
        }

        if (input.Biography?.Length > 10_000)
        {
            problems.Add(new("Biography", "The biography can be up to 10,000 characters."));
        }

        if (!Enum.IsDefined(input.Role))
        {
            problems.Add(new("Role", "Choose host or speaker."));
        }
        else if (input.Role != role.Role
            && await db.Set<MeetingPerson>().AnyAsync(p => p.MeetingId == meetingId && p.PersonId == role.PersonId && p.Role == input.Role, ct))
        {
            problems.Add(new("Role", $"{role.Person!.Name} is already a {RoleName(input.Role)} of this meeting."));
        }

        string? userId = null;
        if (!string.IsNullOrWhiteSpace(input.MemberEmail))
        {
            var email = input.MemberEmail.Trim();
            userId = (await directory.FindByEmailAsync(email, ct))?.Id;
            if (userId is null)
            {
                problems.Add(new("MemberEmail", "No member has that email address; leave it empty if the person is not a member."));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<MeetingPerson>.Fail(problems);
        }

        var person = role.Person!;
        var before = $"{person.Name} ({RoleName(role.Role)})";
        person.Name = input.Name!.Trim();
        person.Affiliation = string.IsNullOrWhiteSpace(input.Affiliation) ? null : input.Affiliation.Trim();
        person.BiographyMarkdown = input.Biography?.Trim() ?? "";
        person.UserId = userId;
        role.Role = input.Role;
        var after = $"{person.Name} ({RoleName(role.Role)})";
        history.Add(meetingId, before == after ? $"Edited the details of {after}." : $"Changed {before} to {after}.");
        await db.SaveChangesAsync(ct);
        return Outcome<MeetingPerson>.Ok(role);
    }

    /// <summary>Moves a host or speaker one place up (-1) or down (+1) in the meeting's list of people.</summary>
    public async Task<bool> MovePersonAsync(long meetingId, long meetingPersonId, int direction, CancellationToken ct)
    {
        var people = await db.Set<MeetingPerson>().Include(p => p.Person).Where(p => p.MeetingId == meetingId).ToListAsync(ct);
        var ordered = people.OrderBy(p => p.Role).ThenBy(p => p.Order).ThenBy(p => p.Id).ToList();
        var index = ordered.FindIndex(p => p.Id == meetingPersonId);
        var target = index + Math.Sign(direction);
        if (index < 0 || direction == 0 || target < 0 || target >= ordered.Count || ordered[target].Role != ordered[index].Role)
        {
            return false;
        }

        (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Order = i;
        }

        var moved = ordered[target];
        history.Add(meetingId, $"Moved {moved.Person!.Name} {(direction < 0 ? "up" : "down")} the list of {RoleName(moved.Role)}s.");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Takes a host or speaker off the meeting, and off its agenda items when they have no other part in it.</summary>
    public async Task<bool> RemovePersonAsync(long meetingId, long meetingPersonId, CancellationToken ct)
    {
        var role = await db.Set<MeetingPerson>().Include(p => p.Person)
            .FirstOrDefaultAsync(p => p.MeetingId == meetingId && p.Id == meetingPersonId, ct);
        if (role is null)
        {
            return false;
        }

        db.Set<MeetingPerson>().Remove(role);
        if (!await db.Set<MeetingPerson>().AnyAsync(p => p.MeetingId == meetingId && p.PersonId == role.PersonId && p.Id != role.Id, ct))
        {
            var items = db.Set<AgendaItem>().Where(i => i.MeetingId == meetingId).Select(i => i.Id);
            db.Set<AgendaItemSpeaker>().RemoveRange(
                await db.Set<AgendaItemSpeaker>().Where(s => s.PersonId == role.PersonId && items.Contains(s.AgendaItemId)).ToListAsync(ct));
        }

        history.Add(meetingId, $"Removed {role.Person!.Name} ({RoleName(role.Role)}).");
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static string RoleName(MeetingRole role) => role == MeetingRole.Host ? "host" : "speaker";

    public static string NewUid() => $"{Guid.NewGuid():N}@researchhub";

    private static void Apply(Meeting meeting, MeetingInput input)
    {
        var zone = MeetingTime.FindZone(input.TimeZoneId)!;
        meeting.Title = input.Title!.Trim();
        meeting.DescriptionMarkdown = input.DescriptionMarkdown?.Trim() ?? "";
        meeting.StartUtc = MeetingTime.ToUtc(input.LocalStart!.Value, zone, out _)!.Value;
        meeting.EndUtc = MeetingTime.ToUtc(input.LocalEnd!.Value, zone, out _)!.Value;
        meeting.TimeZoneId = zone.Id;
        meeting.Venue = string.IsNullOrWhiteSpace(input.Venue) ? null : input.Venue.Trim();
        meeting.OnlineUrl = string.IsNullOrWhiteSpace(input.OnlineUrl) ? null : input.OnlineUrl.Trim();
        meeting.Capacity = input.Capacity;
        meeting.Visibility = input.Visibility;
        meeting.Status = input.Status == MeetingStatus.Cancelled ? meeting.Status : input.Status;
        meeting.SeriesId = input.SeriesId;
    }
}
