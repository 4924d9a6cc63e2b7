using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

/// <summary>An agenda item's fields (added on the manage page, changed on its edit page); the start is wall-clock time in the meeting's zone.</summary>
public sealed class AgendaItemForm
{
    public DateTime? LocalStart { get; set; }
    public int? DurationMinutes { get; set; } = 30;
    public string? Title { get; set; }
    public AgendaItemKind Kind { get; set; }
    public string? SessionTitle { get; set; }
    public string? Notes { get; set; }
    public List<long> SpeakerIds { get; set; } = [];

    public static readonly string[] ErrorOrder =
        ["Item.LocalStart", "Item.DurationMinutes", "Item.Title", "Item.Kind", "Item.SessionTitle", "Item.SpeakerIds", "Item.Notes"];

    public AgendaItemInput ToInput() => new(LocalStart, DurationMinutes, Title, Kind, Notes, SpeakerIds, SessionTitle);

    public static AgendaItemForm From(AgendaItem item, Meeting meeting) => new()
    {
        LocalStart = MeetingTime.ToLocal(item.StartUtc, MeetingTime.ZoneOrDefault(meeting.TimeZoneId)).DateTime,
        DurationMinutes = item.DurationMinutes,
        Title = item.Title,
        Kind = item.Kind,
        SessionTitle = item.Session?.Title,
        Notes = item.Notes,
        SpeakerIds = [.. item.Speakers.OrderBy(s => s.Order).Select(s => s.PersonId)],
    };
}
