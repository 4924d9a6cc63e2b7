namespace ResearchHub.MailingGroups.Domain;

public enum MembershipStatus
{
    Active = 0,
    /// <summary>Asked to join a group that needs approval.</summary>
    Pending = 1,
}
