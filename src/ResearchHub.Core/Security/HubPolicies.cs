namespace ResearchHub.Core.Security;

/// <summary>
/// Policies named "Permission:X" require permission X; "Scope:Y" require an API token carrying
/// scope Y. Pages use <c>[Authorize(Policy = HubPolicies.Permission + "X")]</c>, endpoints
/// <c>.RequireAuthorization(HubPolicies.Scope + "Y")</c>.
/// </summary>
public static class HubPolicies
{
    public const string Permission = "Permission:";
    public const string Scope = "Scope:";

    /// <summary>The claim an API token's scopes are carried in, one claim per scope.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>The authentication scheme of personal API tokens (Authorization: Bearer).</summary>
    public const string BearerScheme = "HubBearer";

    /// <summary>The rate-limit policy on sign-in, password reset and invitation pages (per client address).</summary>
    public const string SignInRateLimit = "sign-in";
}
