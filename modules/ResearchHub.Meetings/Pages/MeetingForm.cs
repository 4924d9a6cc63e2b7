using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

/// <summary>The meeting form's fields; times are wall-clock times in the chosen zone.</summary>
public sealed class MeetingForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public DateTime? LocalStart { get; set; }
    public DateTime? LocalEnd { get; set; }
    public string TimeZoneId { get; set; } = Meeting.DefaultTimeZone;
    public string? Venue { get; set; }
    public string? OnlineUrl { get; set; }
    public int? Capacity { get; set; }
    public MeetingVisibility Visibility { get; set; } = MeetingVisibility.Network;
    public MeetingStatus Status { get; set; } = MeetingStatus.Confirmed;
    public long? SeriesId { get; set; }

    public static readonly string[] ErrorOrder =
        ["Input.Title", "Input.LocalStart", "Input.LocalEnd", "Input.TimeZoneId", "Input.Venue", "Input.OnlineUrl", "Input.Capacity", "Input.SeriesId"];

    public MeetingInput ToInput() =>
        new(Title, Description, LocalStart, LocalEnd, TimeZoneId, Venue, OnlineUrl, Capacity, Visibility, Status, SeriesId);

    public static MeetingForm From(Meeting m)
    {
        var zone = MeetingTime.ZoneOrDefault(m.TimeZoneId);
        return new MeetingForm
        {
            Title = m.Title,
            Description = m.DescriptionMarkdown,
            LocalStart = MeetingTime.ToLocal(m.StartUtc, zone).DateTime,
            LocalEnd = MeetingTime.ToLocal(m.EndUtc, zone).DateTime,
            TimeZoneId = zone.Id,
            Venue = m.Venue,
            OnlineUrl = m.OnlineUrl,
            Capacity = m.Capacity,
            Visibility = m.Visibility,
            Status = m.Status == MeetingStatus.Cancelled ? MeetingStatus.Confirmed : m.Status,
            SeriesId = m.SeriesId,
        };
    }
}
