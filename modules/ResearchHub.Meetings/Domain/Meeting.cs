namespace ResearchHub.Meetings.Domain;

/// <summary>
/// One meeting. Start and end are UTC instants; <see cref="TimeZoneId"/> (IANA) is how people at the
/// venue read them, and what the calendar files carry. <see cref="Sequence"/> counts the changes
/// attendees' calendars must apply (RFC 5545), <see cref="Uid"/> never changes.
/// </summary>
public sealed class Meeting
{
    public const string DefaultTimeZone = "Europe/London";

    public long Id { get; set; }
    public long? SeriesId { get; set; }
    public MeetingSeries? Series { get; set; }
    public required string Uid { get; set; }
    public required string Title { get; set; }
    public string DescriptionMarkdown { get; set; } = "";
    public DateTimeOffset StartUtc { get; set; }
    public DateTimeOffset EndUtc { get; set; }
    public string TimeZoneId { get; set; } = DefaultTimeZone;
    public string? Venue { get; set; }
    /// <summary>Shown only to registered participants and organisers.</summary>
    public string? OnlineUrl { get; set; }
    /// <summary>Null: no limit.</summary>
    public int? Capacity { get; set; }
    public MeetingVisibility Visibility { get; set; }
    public MeetingStatus Status { get; set; }
    public int Sequence { get; set; }
    public string? OrganiserUserId { get; set; }
    /// <summary>Bumped by every registration change: the UPDATE that bumps it locks the meeting's row.</summary>
    public long RegistrationVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<MeetingPerson> People { get; set; } = [];
    public List<AgendaSession> Sessions { get; set; } = [];
    public List<AgendaItem> AgendaItems { get; set; } = [];
}
