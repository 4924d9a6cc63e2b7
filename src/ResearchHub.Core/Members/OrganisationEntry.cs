namespace ResearchHub.Core.Members;

/// <summary>An organisation as other modules see it: its id and name.</summary>
public sealed record OrganisationEntry(long Id, string Name);
