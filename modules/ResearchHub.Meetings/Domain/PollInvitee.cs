namespace ResearchHub.Meetings.Domain;

public sealed class PollInvitee
{
    public long PollId { get; set; }
    public required string UserId { get; set; }
}
