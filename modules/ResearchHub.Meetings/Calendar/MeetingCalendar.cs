using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using ResearchHub.Meetings.Domain;
using IcalCalendar = Ical.Net.Calendar;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace ResearchHub.Meetings.Calendar;

/// <summary>
/// Builds VCALENDAR objects with Ical.Net: one VTIMEZONE per zone used, written from the tz
/// database (NodaTime) as the zone's rules (a STANDARD and a DAYLIGHT observance, each with its
/// yearly RRULE), so one file serves every year the rules do; then the events with DTSTART/DTEND
/// in that zone. UID and SEQUENCE come from the meeting; DTSTAMP is the meeting's last change, so
/// the same meeting gives the same file until it changes.
/// </summary>
public static class MeetingCalendar
{
    public const string ProductId = "-//ResearchHub//Meetings//EN";

    /// <summary>The rules in force since this date are written (their first year is each observance's DTSTART).</summary>
    private static readonly DateTime RulesSince = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static string ContentType(CalendarMethod method) => $"text/calendar; charset=utf-8; method={MethodName(method)}";

    public static byte[] Build(IReadOnlyList<CalendarEvent> events, CalendarMethod method, string? calendarName = null)
    {
        var calendar = new IcalCalendar
        {
            ProductId = ProductId,
            Scale = "GREGORIAN",
            Method = MethodName(method),
        };
        if (calendarName is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", calendarName);
        }

        foreach (var zoneId in events.Select(e => ZoneId(e.TimeZoneId)).Distinct(StringComparer.Ordinal))
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zoneId, RulesSince, includeHistoricalData: false));
        }

        foreach (var e in events)
        {
            calendar.Events.Add(ToEvent(e, method));
        }

        var text = new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
        return Encoding.UTF8.GetBytes(text);
    }

    private static string MethodName(CalendarMethod method) => method switch
    {
        CalendarMethod.Request => "REQUEST",
        CalendarMethod.Cancel => "CANCEL",
        _ => "PUBLISH",
    };

    /// <summary>The meeting's zone as the tz database names it (the default zone when it is unknown there).</summary>
    private static string ZoneId(string timeZoneId)
    {
        var id = MeetingTime.ZoneOrDefault(timeZoneId).Id;
        return NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null ? id : "UTC";
    }

    private static IcalEvent ToEvent(CalendarEvent e, CalendarMethod method)
    {
        var zoneId = ZoneId(e.TimeZoneId);
        var zone = MeetingTime.ZoneOrDefault(zoneId);
        var lastChange = new CalDateTime(e.LastModified.UtcDateTime, CalDateTime.UtcTzId);
        var status = method == CalendarMethod.Cancel ? MeetingStatus.Cancelled : e.Status;
        var ev = new IcalEvent
        {
            Uid = e.Uid,
            Sequence = e.Sequence,
            DtStamp = lastChange,
            LastModified = lastChange,
            DtStart = new CalDateTime(MeetingTime.ToLocal(e.StartUtc, zone).DateTime, zoneId),
            DtEnd = new CalDateTime(MeetingTime.ToLocal(e.EndUtc, zone).DateTime, zoneId),
            Summary = e.Summary,
            Url = new Uri(e.Url),
            Organizer = new Organizer("mailto:" + e.OrganizerEmail) { CommonName = Clean(e.OrganizerName) },
            Status = status switch
            {
                MeetingStatus.Cancelled => EventStatus.Cancelled,
                MeetingStatus.Tentative => EventStatus.Tentative,
                _ => EventStatus.Confirmed,
            },
        };
        if (e.Description.Length > 0)
        {
            ev.Description = e.Description;
        }

        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            ev.Location = e.Location;
        }

        foreach (var attendee in e.Attendees)
        {
            ev.Attendees.Add(new Attendee("mailto:" + attendee.Email)
            {
                CommonName = Clean(attendee.Name),
                Role = ParticipationRole.RequiredParticipant,
                ParticipationStatus = attendee.PartStat,
                Rsvp = false,
            });
        }

        return ev;
    }

    /// <summary>A parameter value (CN) may hold no control characters (RFC 5545 §3.1); Ical.Net drops DQUOTE itself.</summary>
    private static string Clean(string value) => new([.. value.Where(c => !char.IsControl(c))]);
}
