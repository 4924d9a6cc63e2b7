namespace ResearchHub.MailingGroups.Domain;

/// <summary>Who may become a member (Mailman's subscription policy).</summary>
public enum JoinPolicy
{
    /// <summary>Any member of the network joins at once.</summary>
    Open = 0,
    /// <summary>A request waits for a moderator.</summary>
    Approval = 1,
    /// <summary>Only a moderator adds members.</summary>
    Invitation = 2,
}
