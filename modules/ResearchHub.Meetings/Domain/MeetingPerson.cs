namespace ResearchHub.Meetings.Domain;

public sealed class MeetingPerson
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long PersonId { get; set; }
    public Person? Person { get; set; }
    public MeetingRole Role { get; set; }
    public int Order { get; set; }
}
