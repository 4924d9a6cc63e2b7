namespace ResearchHub.Accounts.Domain;

/// <summary>One area of the API and the levels a token can be given in it.</summary>
public sealed record ApiArea(string Name, string Description, bool HasWrite)
{
    public string ReadScope => $"{Name}:{ApiScopes.Read}";

    public string? WriteScope => HasWrite ? $"{Name}:{ApiScopes.Write}" : null;
}

/// <summary>
/// The scopes a personal API token can carry: a level per area ("library:read", "library:write",
/// ...) and "admin" for the administration endpoints (only for administrators). "write" does not
/// include "read": a token that should do both carries both. Tokens made before scopes were per area
/// carried "read" and "write" for everything; <see cref="Expand"/> maps those words to every area's
/// read or write scope (the 20261122180000_AreaApiScopes migration rewrote the stored ones).
/// </summary>
public static class ApiScopes
{
    /// <summary>The level word, and the legacy scope: read in every area.</summary>
    public const string Read = "read";
    /// <summary>The level word, and the legacy scope: write in every area.</summary>
    public const string Write = "write";
    /// <summary>Administration endpoints (and only for administrators).</summary>
    public const string Admin = "admin";

    public const string AccountsRead = "accounts:read";
    public const string LibraryRead = "library:read";
    public const string LibraryWrite = "library:write";
    public const string MeetingsRead = "meetings:read";
    public const string MeetingsWrite = "meetings:write";
    public const string CodebooksRead = "codebooks:read";
    public const string CodebooksWrite = "codebooks:write";
    public const string SearchRead = "search:read";

    public static readonly IReadOnlyList<ApiArea> Areas =
    [
        new("accounts", "your own profile (/api/v1/me) and the organisations", HasWrite: false),
        new("library", "resources and their files", HasWrite: true),
        new("meetings", "meetings, registration and date polls", HasWrite: true),
        new("codebooks", "story-coding schemes and their .qdc import", HasWrite: true),
        new("search", "search over everything you may see", HasWrite: false),
    ];

    /// <summary>Every scope a token can be created with, in the order they are stored.</summary>
    public static readonly IReadOnlyList<string> All =
        [.. Areas.Select(a => a.ReadScope), .. Areas.Select(a => a.WriteScope).OfType<string>(), Admin];

    /// <summary>The scopes the legacy words stand for: "read" is every area's read scope, "write" every area's write scope.</summary>
    public static IReadOnlyList<string> Legacy(string scope) => scope switch
    {
        Read => [.. Areas.Select(a => a.ReadScope)],
        Write => [.. Areas.Select(a => a.WriteScope).OfType<string>()],
        _ => [scope],
    };

    /// <summary>The given scopes with the legacy words replaced, deduplicated, in the order of <see cref="All"/>; unknown ones are dropped.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> scopes)
    {
        var expanded = scopes.SelectMany(Legacy).ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(expanded.Contains)];
    }

    public static bool IsKnown(string scope) => scope is Read or Write || All.Contains(scope);
}
