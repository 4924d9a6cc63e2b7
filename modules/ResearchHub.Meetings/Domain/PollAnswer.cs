namespace ResearchHub.Meetings.Domain;

public sealed class PollAnswer
{
    public long ResponseId { get; set; }
    public long SlotId { get; set; }
    public PollChoice Choice { get; set; }
}
