using System.Security.Claims;
using ResearchHub.Core.Members;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Search;

namespace ResearchHub.Search.Services;

/// <summary>
/// Who is searching: what the visibility rule needs. The same rule as the library's: anonymous
/// callers see public documents; members public and network ones and their own organisation's;
/// partner editors also their organisation's drafts; administrators everything. Documents with an
/// audience (a mailing group's posts) are seen only by members of that audience and administrators.
/// </summary>
public sealed record SearchViewer(bool SignedIn, string? UserId, long? OrganisationId, bool IsAdmin, bool IsEditor)
{
    /// <summary>The audiences (mailing groups and the like) whose documents this viewer may also see.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    public static readonly SearchViewer Anonymous = new(false, null, null, false, false);

    public static readonly SearchViewer Administrator = new(true, null, null, true, true);
}

public sealed class SearchViewerFactory(IMemberDirectory directory, PermissionService permissions, IEnumerable<ISearchAudienceSource> audiences)
{
    public async Task<SearchViewer> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || id is null)
        {
            return SearchViewer.Anonymous;
        }

        var member = await directory.FindAsync(id, ct);
        if (member is null)
        {
            return SearchViewer.Anonymous;
        }

        var granted = new List<string>();
        foreach (var source in audiences)
        {
            granted.AddRange(await source.AudiencesAsync(id, ct));
        }

        // "Editor" is the library's permission to contribute for one's organisation, as the library decides it.
        return new SearchViewer(true, id, member.OrganisationId, user.IsInRole(HubRoles.Administrator),
            permissions.Has(user, HubPermissions.ContributeForOrganisation))
        {
            Audiences = granted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };
    }
}
