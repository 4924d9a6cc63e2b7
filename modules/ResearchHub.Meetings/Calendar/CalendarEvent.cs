using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Calendar;

/// <summary>One VEVENT: what a meeting looks like to a calendar program.</summary>
/// <param name="LastModified">The meeting's last change: its LAST-MODIFIED and its DTSTAMP.</param>
public sealed record CalendarEvent(
    string Uid,
    int Sequence,
    string Summary,
    string Description,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string TimeZoneId,
    string? Location,
    string Url,
    string OrganizerEmail,
    string OrganizerName,
    IReadOnlyList<CalendarAttendee> Attendees,
    MeetingStatus Status,
    DateTimeOffset LastModified);
