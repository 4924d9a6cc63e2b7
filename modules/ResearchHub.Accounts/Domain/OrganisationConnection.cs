namespace ResearchHub.Accounts.Domain;

/// <summary>
/// An organisation's own OpenID Connect provider, through which its members sign in to the hub
/// ("Sign in with ..."): the provider's issuer, the client id and secret the hub was given there
/// (the secret sealed with the data-protection key ring), the e-mail domains the organisation vouches
/// for, and whether its members must use it rather than a hub password.
/// </summary>
public sealed class OrganisationConnection
{
    public long Id { get; set; }

    public long OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>The name in the connection's callback path (/account/sign-in/organisation/{Key}/callback); fixed once made.</summary>
    public required string Key { get; set; }

    /// <summary>The provider's issuer, as its discovery document names it (https://login.example.ac.uk/).</summary>
    public required string Issuer { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The client secret, sealed with the data-protection key ring (never shown back).</summary>
    public required string ProtectedClientSecret { get; set; }

    /// <summary>The e-mail domains the organisation vouches for, lower case, separated by spaces.</summary>
    public required string EmailDomains { get; set; }

    /// <summary>Its members (administrators excepted) may not sign in with a hub password.</summary>
    public bool RequiredForMembers { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> DomainList =>
        EmailDomains.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
