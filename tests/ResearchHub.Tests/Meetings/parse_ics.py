#!/usr/bin/env python3
"""Parse iCalendar files with Debian's python3-icalendar and print one JSON object per file, one per
line: what the tests assert on, so they never string-match our own output. Each event's start and
end are given in UTC twice: resolved by the TZID through the tz database (pytz), and resolved
through the file's own VTIMEZONE, so a wrong VTIMEZONE shows up as a difference.

usage: /usr/bin/python3 parse_ics.py FILE [FILE ...]
"""
import datetime
import json
import sys

import icalendar


def text(value):
    """A property's value as it is written in the file."""
    raw = value.to_ical()
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def utc(value):
    return value.astimezone(datetime.timezone.utc).isoformat() if isinstance(value, datetime.datetime) else str(value)


def parse(path):
    with open(path, "rb") as f:
        raw = f.read()
    cal = icalendar.Calendar.from_ical(raw)
    zones = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}

    def via_vtimezone(prop):
        dt = prop.dt
        tzid = prop.params.get("TZID")
        if tzid is None or not isinstance(dt, datetime.datetime):
            return None
        naive = dt.replace(tzinfo=None)
        return utc(zones[str(tzid)].localize(naive)) if str(tzid) in zones else None

    # Each VTIMEZONE's observances: kind, offsets and recurrence rule (a zone written as rules has a
    # yearly RRULE on its STANDARD and DAYLIGHT observances rather than one observance per change).
    rules = {
        str(tz["TZID"]): [
            {
                "kind": sub.name,
                "offset_from": text(sub["TZOFFSETFROM"]),
                "offset_to": text(sub["TZOFFSETTO"]),
                "rrule": text(sub["RRULE"]) if "RRULE" in sub else None,
            }
            for sub in tz.subcomponents
        ]
        for tz in cal.walk("VTIMEZONE")
    }

    events = []
    for ev in cal.walk("VEVENT"):
        start, end = ev["DTSTART"], ev["DTEND"]
        events.append({
            "uid": str(ev["UID"]),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "summary": str(ev.get("SUMMARY", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "location": str(ev["LOCATION"]) if "LOCATION" in ev else None,
            "url": str(ev["URL"]) if "URL" in ev else None,
            "status": str(ev["STATUS"]) if "STATUS" in ev else None,
            "organizer": str(ev["ORGANIZER"]) if "ORGANIZER" in ev else None,
            "attendees": [str(a) for a in (ev.get("ATTENDEE") if isinstance(ev.get("ATTENDEE"), list) else [ev["ATTENDEE"]] if "ATTENDEE" in ev else [])],
            "dtstamp": utc(ev["DTSTAMP"].dt) if "DTSTAMP" in ev else None,
            "last_modified": utc(ev["LAST-MODIFIED"].dt) if "LAST-MODIFIED" in ev else None,
            "tzid": start.params.get("TZID"),
            "start_utc": utc(start.dt),
            "end_utc": utc(end.dt),
            "start_utc_via_vtimezone": via_vtimezone(start),
            "end_utc_via_vtimezone": via_vtimezone(end),
        })

    lines = raw.split(b"\r\n")
    return {
        "file": path,
        "method": str(cal["METHOD"]) if "METHOD" in cal else None,
        "version": str(cal.get("VERSION", "")),
        "timezones": sorted(zones),
        "timezone_rules": rules,
        "events": events,
        # RFC 5545 §3.1: CRLF line ends, no content line longer than 75 octets.
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b""),
        "max_line_octets": max(len(line) for line in lines),
    }


def main():
    for path in sys.argv[1:]:
        print(json.dumps(parse(path)), flush=True)


if __name__ == "__main__":
    main()
