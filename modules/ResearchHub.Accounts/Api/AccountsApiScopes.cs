using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Api;

/// <summary>The accounts area of the API: a token's own member and the organisations.</summary>
public static class AccountsApiScopes
{
    public const string Read = "accounts:read";

    /// <summary>The area this module registers (<see cref="ApiScopeCatalog"/>).</summary>
    public static readonly ApiArea Area = new("accounts", "your own profile (/api/v1/me) and the organisations", HasWrite: false, Order: 10);
}
