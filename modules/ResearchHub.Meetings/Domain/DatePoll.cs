namespace ResearchHub.Meetings.Domain;

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
