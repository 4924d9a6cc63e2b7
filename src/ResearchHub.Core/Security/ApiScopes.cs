namespace ResearchHub.Core.Security;

/// <summary>
/// The scope words every area shares. A token carries a level per area ("library:read", ...; the
/// areas are the modules' <see cref="ApiArea"/>s) and "admin" for the administration endpoints (only
/// for administrators). "write" does not include "read". Tokens made before scopes were per area
/// carried "read" and "write" for everything; <see cref="ApiScopeCatalog.Expand"/> maps those words to
/// every area's scopes (the 20261122180000_AreaApiScopes migration rewrote the stored ones).
/// </summary>
public static class ApiScopes
{
    /// <summary>The level word, and the legacy scope: read in every area.</summary>
    public const string Read = "read";
    /// <summary>The level word, and the legacy scope: write in every area.</summary>
    public const string Write = "write";
    /// <summary>Administration endpoints (and only for administrators).</summary>
    public const string Admin = "admin";
}
