namespace ResearchHub.Core.Members;

/// <summary>A member as other modules see them (from <see cref="IMemberDirectory"/>): never Accounts' entity.</summary>
public sealed record Member(string Id, string DisplayName, string? Email, long? OrganisationId, string? OrganisationName)
{
    /// <summary>The display name, or the e-mail address when the member has none.</summary>
    public string Name => DisplayName.Length > 0 ? DisplayName : Email ?? "";
}
