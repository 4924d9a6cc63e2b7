using ResearchHub.Core.Security;

namespace ResearchHub.Library.Api;

/// <summary>The library area of the API: resources and their files.</summary>
public static class LibraryApiScopes
{
    public const string Read = "library:read";
    public const string Write = "library:write";

    /// <summary>The area this module registers (<see cref="ApiScopeCatalog"/>).</summary>
    public static readonly ApiArea Area = new("library", "resources and their files", HasWrite: true, Order: 20);
}
