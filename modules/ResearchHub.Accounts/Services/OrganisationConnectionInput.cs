namespace ResearchHub.Accounts.Services;

/// <summary>
/// What an administrator (or the <c>organisation-sign-in</c> recipe step) gives to connect an
/// organisation to its OpenID Connect provider. A null or empty <paramref name="ClientSecret"/> on an
/// existing connection keeps the stored secret.
/// </summary>
public sealed record OrganisationConnectionInput(
    long OrganisationId,
    string Issuer,
    string ClientId,
    string? ClientSecret,
    string EmailDomains,
    bool RequiredForMembers,
    string? Key = null);
