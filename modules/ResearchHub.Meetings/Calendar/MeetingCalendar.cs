using System.Globalization;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Calendar;

public enum CalendarMethod
{
    /// <summary>No METHOD: a download or a feed.</summary>
    None,
    Request,
    Cancel,
}

public sealed record CalendarAttendee(string Email, string Name, string PartStat);

/// <summary>One VEVENT: what a meeting looks like to a calendar program.</summary>
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

/// <summary>
/// Builds VCALENDAR objects: one VTIMEZONE per zone used (its observances computed from the tz
/// database for the years around the events), then the events with DTSTART/DTEND in that zone.
/// </summary>
public static class MeetingCalendar
{
    public const string ProductId = "-//ResearchHub//Meetings//EN";

    public static string ContentType(CalendarMethod method) => method switch
    {
        CalendarMethod.Request => "text/calendar; charset=utf-8; method=REQUEST",
        CalendarMethod.Cancel => "text/calendar; charset=utf-8; method=CANCEL",
        _ => "text/calendar; charset=utf-8",
    };

    public static byte[] Build(IReadOnlyList<CalendarEvent> events, CalendarMethod method, DateTimeOffset now, string? calendarName = null)
    {
        var ics = new IcsWriter();
        ics.Begin("VCALENDAR")
            .Raw("VERSION", "2.0")
            .Raw("PRODID", ProductId)
            .Raw("CALSCALE", "GREGORIAN");
        if (method != CalendarMethod.None)
        {
            ics.Raw("METHOD", method == CalendarMethod.Request ? "REQUEST" : "CANCEL");
        }

        if (calendarName is not null)
        {
            ics.Text("X-WR-CALNAME", calendarName);
        }

        foreach (var group in events.GroupBy(e => e.TimeZoneId, StringComparer.Ordinal))
        {
            WriteTimeZone(ics, MeetingTime.ZoneOrDefault(group.Key), group.Min(e => e.StartUtc), group.Max(e => e.EndUtc));
        }

        foreach (var e in events)
        {
            WriteEvent(ics, e, method, now);
        }

        ics.End("VCALENDAR");
        return ics.ToBytes();
    }

    private static void WriteEvent(IcsWriter ics, CalendarEvent e, CalendarMethod method, DateTimeOffset now)
    {
        var zone = MeetingTime.ZoneOrDefault(e.TimeZoneId);
        ics.Begin("VEVENT")
            .Text("UID", e.Uid)
            .Raw("SEQUENCE", e.Sequence.ToString(CultureInfo.InvariantCulture))
            .Utc("DTSTAMP", now)
            .Utc("LAST-MODIFIED", e.LastModified)
            .Local("DTSTART", MeetingTime.ToLocal(e.StartUtc, zone), zone.Id)
            .Local("DTEND", MeetingTime.ToLocal(e.EndUtc, zone), zone.Id)
            .Text("SUMMARY", e.Summary);
        if (e.Description.Length > 0)
        {
            ics.Text("DESCRIPTION", e.Description);
        }

        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            ics.Text("LOCATION", e.Location);
        }

        ics.Raw("URL", e.Url)
            .Raw("ORGANIZER", "mailto:" + e.OrganizerEmail, ("CN", e.OrganizerName));
        foreach (var attendee in e.Attendees)
        {
            ics.Raw("ATTENDEE", "mailto:" + attendee.Email,
                ("CN", attendee.Name), ("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", attendee.PartStat), ("RSVP", "FALSE"));
        }

        var status = method == CalendarMethod.Cancel ? MeetingStatus.Cancelled : e.Status;
        ics.Raw("STATUS", status switch
        {
            MeetingStatus.Cancelled => "CANCELLED",
            MeetingStatus.Tentative => "TENTATIVE",
            _ => "CONFIRMED",
        });
        ics.End("VEVENT");
    }

    /// <summary>
    /// A VTIMEZONE with one observance per offset change from the year before the first event to
    /// the year after the last (each DTSTART in the local time of the offset it replaces, RFC 5545
    /// §3.6.5), plus the observance in force at the start, so every event time is covered.
    /// </summary>
    private static void WriteTimeZone(IcsWriter ics, TimeZoneInfo zone, DateTimeOffset firstUtc, DateTimeOffset lastUtc)
    {
        var from = new DateTimeOffset(firstUtc.Year - 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(lastUtc.Year + 2, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var transitions = MeetingTime.Transitions(zone, from, to);

        ics.Begin("VTIMEZONE").Text("TZID", zone.Id);
        var initial = zone.GetUtcOffset(from);
        // The offset in force before the first change in range, dated at the range's start.
        WriteObservance(ics, from.ToOffset(initial), initial, initial, zone.IsDaylightSavingTime(from), zone);
        foreach (var t in transitions)
        {
            WriteObservance(ics, t.Utc.ToOffset(t.OffsetFrom), t.OffsetFrom, t.OffsetTo, t.IsDaylight, zone);
        }

        ics.End("VTIMEZONE");
    }

    private static void WriteObservance(IcsWriter ics, DateTimeOffset localStart, TimeSpan from, TimeSpan to, bool daylight, TimeZoneInfo zone)
    {
        var kind = daylight ? "DAYLIGHT" : "STANDARD";
        ics.Begin(kind)
            .Raw("DTSTART", localStart.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture))
            .Raw("TZOFFSETFROM", Offset(from))
            .Raw("TZOFFSETTO", Offset(to))
            .Text("TZNAME", daylight ? zone.DaylightName : zone.StandardName)
            .End(kind);
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
