namespace ResearchHub.Meetings.Domain;

/// <summary>Someone invited to a meeting (from a poll or by the organiser): they get its updates.</summary>
public sealed class MeetingInvitation
{
    public long MeetingId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
}
