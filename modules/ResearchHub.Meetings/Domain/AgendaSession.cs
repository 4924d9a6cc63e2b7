namespace ResearchHub.Meetings.Domain;

/// <summary>A named group of agenda items (a morning, a strand of workshops).</summary>
public sealed class AgendaSession
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string Title { get; set; }
    public int Order { get; set; }
}
