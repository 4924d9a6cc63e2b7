using System.Linq.Expressions;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>
/// The visibility rules, as one expression every read path puts in its query (page, list, download,
/// API, feed, citations, evidence map, home section): a result page is never filtered afterwards.
/// </summary>
public static class ResourceAccess
{
    public static Expression<Func<Resource, bool>> VisibleTo(LibraryViewer viewer)
    {
        if (viewer.IsAdmin)
        {
            return r => true;
        }

        if (!viewer.SignedIn)
        {
            return r => r.Visibility == ResourceVisibility.Public;
        }

        // -1 matches no organisation, so a member without one sees no organisation-only resources.
        var organisation = viewer.OrganisationId ?? -1;
        var userId = viewer.UserId;
        if (viewer.CanContribute)
        {
            return r => r.Visibility == ResourceVisibility.Public
                || r.Visibility == ResourceVisibility.Network
                || (r.Visibility == ResourceVisibility.Organisation && r.OwnerOrganisationId == organisation)
                || (r.Visibility == ResourceVisibility.Draft && (r.OwnerOrganisationId == organisation || r.CreatedById == userId));
        }

        return r => r.Visibility == ResourceVisibility.Public
            || r.Visibility == ResourceVisibility.Network
            || (r.Visibility == ResourceVisibility.Organisation && r.OwnerOrganisationId == organisation)
            || (r.Visibility == ResourceVisibility.Draft && r.CreatedById == userId);
    }

    public static IQueryable<Resource> VisibleTo(this IQueryable<Resource> resources, LibraryViewer viewer) =>
        resources.Where(VisibleTo(viewer));
}
