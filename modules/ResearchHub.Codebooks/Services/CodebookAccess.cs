using System.Linq.Expressions;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Services;

/// <summary>
/// The library's visibility rule (LibraryViewer, ResourceAccess) applied to codebooks, and the rule
/// for coded excerpts. Kept in step with ResourceAccess.VisibleTo: the same viewer, levels and
/// conditions, so a scheme is seen by exactly those who may see a library record at that level.
/// </summary>
public static class CodebookAccess
{
    public static Expression<Func<Codebook, bool>> VisibleTo(LibraryViewer viewer)
    {
        if (viewer.IsAdmin)
        {
            return c => true;
        }

        if (!viewer.SignedIn)
        {
            return c => c.Visibility == ResourceVisibility.Public;
        }

        var organisation = viewer.OrganisationId ?? -1;
        var userId = viewer.UserId;
        if (viewer.CanContribute)
        {
            return c => c.Visibility == ResourceVisibility.Public
                || c.Visibility == ResourceVisibility.Network
                || (c.Visibility == ResourceVisibility.Organisation && c.OwnerOrganisationId == organisation)
                || (c.Visibility == ResourceVisibility.Draft && (c.OwnerOrganisationId == organisation || c.CreatedById == userId));
        }

        return c => c.Visibility == ResourceVisibility.Public
            || c.Visibility == ResourceVisibility.Network
            || (c.Visibility == ResourceVisibility.Organisation && c.OwnerOrganisationId == organisation)
            || (c.Visibility == ResourceVisibility.Draft && c.CreatedById == userId);
    }

    public static IQueryable<Codebook> VisibleTo(this IQueryable<Codebook> codebooks, LibraryViewer viewer) =>
        codebooks.Where(VisibleTo(viewer));

    /// <summary>Administrators, and editors of the owning organisation (as for library resources).</summary>
    public static bool CanEdit(this LibraryViewer viewer, Codebook codebook) =>
        viewer.IsAdmin || (viewer.CanContribute && viewer.OrganisationId is not null && codebook.OwnerOrganisationId == viewer.OrganisationId);

    /// <summary>
    /// Excerpts are never public: network excerpts are seen by signed-in members, organisation-only
    /// ones by members of the story's organisation (and administrators).
    /// </summary>
    public static Expression<Func<CodedExcerpt, bool>> ExcerptsVisibleTo(LibraryViewer viewer)
    {
        if (viewer.IsAdmin)
        {
            return e => true;
        }

        if (!viewer.SignedIn)
        {
            return e => false;
        }

        var organisation = viewer.OrganisationId ?? -1;
        return e => e.Visibility == ExcerptVisibility.Network || e.OrganisationId == organisation;
    }
}
