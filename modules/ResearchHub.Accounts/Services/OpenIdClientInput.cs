namespace ResearchHub.Accounts.Services;

/// <summary>
/// An application an administrator registers with the hub's OpenID Connect provider. Code-flow
/// clients act for the member who consents; client-credentials clients act as a service account of
/// <see cref="OrganisationId"/>'s organisation (a member with the Member role that cannot sign in).
/// </summary>
public sealed record OpenIdClientInput(
    string ClientId,
    string DisplayName,
    bool Confidential,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> Scopes,
    bool AllowAuthorizationCode,
    bool AllowClientCredentials,
    long? OrganisationId,
    string? Secret = null);
