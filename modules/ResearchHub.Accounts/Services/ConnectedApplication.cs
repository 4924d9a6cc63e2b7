namespace ResearchHub.Accounts.Services;

/// <summary>An application a member allowed to act for them (their permanent consent), with the scopes granted.</summary>
public sealed record ConnectedApplication(string ApplicationId, string DisplayName, IReadOnlyList<string> Scopes, DateTimeOffset? Since);
