namespace ResearchHub.Core.Security;

/// <summary>
/// One area of the API and the levels a token can be given in it ("library:read", "library:write").
/// Each module that serves API endpoints registers its area as a singleton; <see cref="ApiScopeCatalog"/>
/// collects them. <paramref name="Order"/> fixes where the area's scopes are listed and stored.
/// </summary>
public sealed record ApiArea(string Name, string Description, bool HasWrite, int Order)
{
    public string ReadScope => $"{Name}:{ApiScopes.Read}";

    public string? WriteScope => HasWrite ? $"{Name}:{ApiScopes.Write}" : null;
}
