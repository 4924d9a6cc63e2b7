namespace ResearchHub.Meetings.Calendar;

/// <summary>One ATTENDEE of an event: the member the file is for, with their reply (PARTSTAT).</summary>
public sealed record CalendarAttendee(string Email, string Name, string PartStat);
