namespace ResearchHub.Meetings.Domain;

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
