namespace ResearchHub.Accounts.Services;

/// <summary>A registered application as the admin page lists it.</summary>
public sealed record OpenIdClientSummary(
    string Id,
    string ClientId,
    string DisplayName,
    bool Confidential,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> Scopes,
    bool AllowAuthorizationCode,
    bool AllowClientCredentials,
    string? ServiceAccount);
