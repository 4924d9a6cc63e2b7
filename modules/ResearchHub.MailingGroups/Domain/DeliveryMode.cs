namespace ResearchHub.MailingGroups.Domain;

/// <summary>How a member receives a group's posts.</summary>
public enum DeliveryMode
{
    None = 0,
    EachPost = 1,
    Daily = 2,
    Weekly = 3,
    Monthly = 4,
}
