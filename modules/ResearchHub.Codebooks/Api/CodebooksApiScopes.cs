using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Api;

/// <summary>The codebooks area of the API: story-coding schemes and their .qdc import.</summary>
public static class CodebooksApiScopes
{
    public const string Read = "codebooks:read";
    public const string Write = "codebooks:write";

    /// <summary>The area this module registers (<see cref="ApiScopeCatalog"/>).</summary>
    public static readonly ApiArea Area = new("codebooks", "story-coding schemes and their .qdc import", HasWrite: true, Order: 40);
}
