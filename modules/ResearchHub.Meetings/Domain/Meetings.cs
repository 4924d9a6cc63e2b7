namespace ResearchHub.Meetings.Domain;

/// <summary>A recurring meeting (the network's twice-yearly meeting) with its organiser and cadence.</summary>
public sealed class MeetingSeries
{
    public const int DefaultCadenceMonths = 6;

    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string DescriptionMarkdown { get; set; } = "";
    /// <summary>How often the series meets: 6 means twice a year.</summary>
    public int CadenceMonths { get; set; } = DefaultCadenceMonths;
    public string? OrganiserUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum MeetingVisibility
{
    /// <summary>Anyone, signed in or not.</summary>
    Public = 0,
    /// <summary>Signed-in members of the network.</summary>
    Network = 1,
}

public enum MeetingStatus
{
    /// <summary>Planned, but the date may still move.</summary>
    Tentative = 0,
    Confirmed = 1,
    Cancelled = 2,
}

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

/// <summary>A host or speaker, with a short biography; linked to a member's profile when they are one.</summary>
public sealed class Person
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Role and organisation, e.g. "Chief Executive, Iriss".</summary>
    public string? Affiliation { get; set; }
    public string BiographyMarkdown { get; set; } = "";
    public string? UserId { get; set; }
}

public enum MeetingRole
{
    Host = 0,
    Speaker = 1,
}

public sealed class MeetingPerson
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long PersonId { get; set; }
    public Person? Person { get; set; }
    public MeetingRole Role { get; set; }
    public int Order { get; set; }
}

/// <summary>A named group of agenda items (a morning, a strand of workshops).</summary>
public sealed class AgendaSession
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string Title { get; set; }
    public int Order { get; set; }
}

public enum AgendaItemKind
{
    Talk = 0,
    Workshop = 1,
    Discussion = 2,
    Break = 3,
}

public sealed class AgendaItem
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long? SessionId { get; set; }
    public AgendaSession? Session { get; set; }
    public DateTimeOffset StartUtc { get; set; }
    public int DurationMinutes { get; set; }
    public required string Title { get; set; }
    public AgendaItemKind Kind { get; set; }
    public string? Notes { get; set; }
    public List<AgendaItemSpeaker> Speakers { get; set; } = [];

    public DateTimeOffset EndUtc => StartUtc.AddMinutes(DurationMinutes);
}

public sealed class AgendaItemSpeaker
{
    public long AgendaItemId { get; set; }
    public long PersonId { get; set; }
    public Person? Person { get; set; }
    public int Order { get; set; }
}

/// <summary>A slide deck or paper of a meeting: bytes in the file store, named by SHA-256.</summary>
public sealed class MeetingDocument
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long? AgendaItemId { get; set; }
    public required string Title { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required string Sha256 { get; set; }
    public long Length { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Someone invited to a meeting (from a poll or by the organiser): they get its updates.</summary>
public sealed class MeetingInvitation
{
    public long MeetingId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
}
