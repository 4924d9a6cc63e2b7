namespace ResearchHub.MailingGroups.Domain;

public enum PostStatus
{
    Published = 0,
    /// <summary>Waiting in the moderation queue.</summary>
    Pending = 1,
    Rejected = 2,
}
