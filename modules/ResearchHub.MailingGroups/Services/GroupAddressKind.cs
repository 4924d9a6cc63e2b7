namespace ResearchHub.MailingGroups.Services;

/// <summary>What a group address names.</summary>
public enum GroupAddressKind
{
    /// <summary>The group itself: a new thread.</summary>
    Group,
    /// <summary>One thread (a mailed post's Reply-To).</summary>
    Thread,
    /// <summary>The List-Unsubscribe mailto: delivery set to none.</summary>
    Leave,
}
