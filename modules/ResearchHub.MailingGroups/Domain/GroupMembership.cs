namespace ResearchHub.MailingGroups.Domain;

/// <summary>One member in one group, with their delivery mode (weekly by default).</summary>
public sealed class GroupMembership
{
    public long Id { get; set; }
    public long GroupId { get; set; }
    public MailingGroup? Group { get; set; }
    public required string UserId { get; set; }
    public MembershipStatus Status { get; set; }
    public bool IsModerator { get; set; }
    public DeliveryMode Mode { get; set; } = DeliveryMode.Weekly;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when too many messages to the member's address failed for good; no mail until they resume.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    /// <summary>Failures before this moment no longer count (set when the member resumes delivery).</summary>
    public DateTimeOffset? BouncesResetAt { get; set; }
}
