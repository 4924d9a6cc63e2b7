namespace ResearchHub.Meetings.Domain;

public sealed class AgendaItemSpeaker
{
    public long AgendaItemId { get; set; }
    public long PersonId { get; set; }
    public Person? Person { get; set; }
    public int Order { get; set; }
}
