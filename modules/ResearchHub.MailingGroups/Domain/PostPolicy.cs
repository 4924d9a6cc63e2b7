namespace ResearchHub.MailingGroups.Domain;

/// <summary>Who may start threads and reply.</summary>
public enum PostPolicy
{
    Members = 0,
    /// <summary>Announce-only: moderators post, members read (List-Post: NO).</summary>
    Moderators = 1,
}
