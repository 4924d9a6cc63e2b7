namespace ResearchHub.Meetings.Domain;

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
