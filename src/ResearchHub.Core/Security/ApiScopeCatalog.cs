namespace ResearchHub.Core.Security;

/// <summary>The API's areas as the modules registered them, and the scopes a token can carry.</summary>
public sealed class ApiScopeCatalog
{
    public ApiScopeCatalog(IEnumerable<ApiArea> areas)
    {
        Areas = [.. areas.DistinctBy(a => a.Name).OrderBy(a => a.Order).ThenBy(a => a.Name, StringComparer.Ordinal)];
        All = [.. Areas.Select(a => a.ReadScope), .. Areas.Select(a => a.WriteScope).OfType<string>(), ApiScopes.Admin];
    }

    public IReadOnlyList<ApiArea> Areas { get; }

    /// <summary>Every scope a token can be created with, in the order they are stored: each area's read scope, each write scope, admin.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>The scopes the legacy words stand for: "read" is every area's read scope, "write" every area's write scope.</summary>
    public IReadOnlyList<string> Legacy(string scope) => scope switch
    {
        ApiScopes.Read => [.. Areas.Select(a => a.ReadScope)],
        ApiScopes.Write => [.. Areas.Select(a => a.WriteScope).OfType<string>()],
        _ => [scope],
    };

    /// <summary>The given scopes with the legacy words replaced, deduplicated, in the order of <see cref="All"/>; unknown ones are dropped.</summary>
    public IReadOnlyList<string> Expand(IEnumerable<string> scopes)
    {
        var expanded = scopes.SelectMany(Legacy).ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(expanded.Contains)];
    }

    public bool IsKnown(string scope) => scope is ApiScopes.Read or ApiScopes.Write || All.Contains(scope);
}
