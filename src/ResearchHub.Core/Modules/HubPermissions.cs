namespace ResearchHub.Core.Modules;

/// <summary>
/// Permissions whose meaning reaches beyond the module that grants them. The library defines
/// <see cref="ContributeForOrganisation"/> (its <c>Permissions.Contribute</c>); search asks the same
/// permission to decide who sees their organisation's drafts, so both follow one rule.
/// </summary>
public static class HubPermissions
{
    /// <summary>Create content and manage one's own organisation's content, drafts included.</summary>
    public const string ContributeForOrganisation = "Library.Contribute";
}
