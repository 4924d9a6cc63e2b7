namespace ResearchHub.Meetings.Domain;

public enum RegistrationResponse
{
    Yes = 0,
    Maybe = 1,
    No = 2,
}

public enum RegistrationStatus
{
    /// <summary>Has a place (or said maybe, which takes no place).</summary>
    Confirmed = 0,
    /// <summary>Wanted a place when the meeting was full; moves up in order of <see cref="Registration.QueuedAt"/>.</summary>
    Waitlisted = 1,
    /// <summary>Declined, or cancelled a registration.</summary>
    NotAttending = 2,
}

/// <summary>
/// A member's answer to a meeting. Access and dietary needs are for organisers only. Only
/// <see cref="RegistrationResponse.Yes"/> with <see cref="RegistrationStatus.Confirmed"/> takes a place.
/// </summary>
public sealed class Registration
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string UserId { get; set; }
    public RegistrationResponse Response { get; set; }
    public RegistrationStatus Status { get; set; }
    public string? AccessNeeds { get; set; }
    public string? DietaryNeeds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the member asked for a place: the waiting list's order.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    public bool TakesPlace => Response == RegistrationResponse.Yes && Status == RegistrationStatus.Confirmed;

    /// <summary>Gets the meeting's mail (updates, reminders): anyone who has not declined or cancelled.</summary>
    public bool Attending => Status != RegistrationStatus.NotAttending && Response != RegistrationResponse.No;
}

public enum PollStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>
/// A date poll (in the manner of newdle): candidate slots, each answered yes / if need be / no by the
/// invited members until the organiser closes it and picks one, which creates or dates a meeting.
/// </summary>
public sealed class DatePoll
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public string DescriptionMarkdown { get; set; } = "";
    public long? SeriesId { get; set; }
    /// <summary>The meeting the poll dates; null until the pick creates one.</summary>
    public long? MeetingId { get; set; }
    /// <summary>Participants see only the totals, not each other's names and answers.</summary>
    public bool HideParticipants { get; set; }
    public PollStatus Status { get; set; }
    public long? ChosenSlotId { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The day by which invitees are asked to answer (told in the invitation to the poll); null: no date given.</summary>
    public DateOnly? AnswerBy { get; set; }
    public List<PollSlot> Slots { get; set; } = [];
}

public sealed class PollSlot
{
    public long Id { get; set; }
    public long PollId { get; set; }
    public DateTimeOffset StartUtc { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>The zone the organiser proposed it in (the meeting's zone if chosen).</summary>
    public string TimeZoneId { get; set; } = Meeting.DefaultTimeZone;

    public DateTimeOffset EndUtc => StartUtc.AddMinutes(DurationMinutes);
}

public sealed class PollInvitee
{
    public long PollId { get; set; }
    public required string UserId { get; set; }
}

public enum PollChoice
{
    No = 0,
    IfNeedBe = 1,
    Yes = 2,
}

/// <summary>One member's answer to a poll: a choice per slot and a comment.</summary>
public sealed class PollResponse
{
    public long Id { get; set; }
    public long PollId { get; set; }
    public required string UserId { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<PollAnswer> Answers { get; set; } = [];
}

public sealed class PollAnswer
{
    public long ResponseId { get; set; }
    public long SlotId { get; set; }
    public PollChoice Choice { get; set; }
}
