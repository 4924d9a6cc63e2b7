using ResearchHub.Core.Security;

namespace ResearchHub.Search.Api;

/// <summary>The search area of the API.</summary>
public static class SearchApiScopes
{
    public const string Read = "search:read";

    /// <summary>The area this module registers (<see cref="ApiScopeCatalog"/>).</summary>
    public static readonly ApiArea Area = new("search", "search over everything you may see", HasWrite: false, Order: 50);
}
