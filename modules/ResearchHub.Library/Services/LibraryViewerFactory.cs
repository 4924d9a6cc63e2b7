using System.Security.Claims;
using ResearchHub.Core.Members;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>Who is looking: everything the visibility rules need, read once per request.</summary>
public sealed record LibraryViewer(
    bool SignedIn,
    string? UserId,
    string? Name,
    long? OrganisationId,
    bool IsAdmin,
    bool CanContribute)
{
    public static readonly LibraryViewer Anonymous = new(false, null, null, null, false, false);

    /// <summary>
    /// Everything <see cref="ResourceAccess.VisibleTo(LibraryViewer)"/> reads, as text: two viewers with the
    /// same key see the same resources, so a value cached for one may be shown to the other (and to no one else).
    /// </summary>
    public string VisibilityKey => IsAdmin ? "admin"
        : !SignedIn ? "anonymous"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"member:{OrganisationId}:{CanContribute}:{UserId}");

    /// <summary>Administrators, and editors of the resource's owning organisation.</summary>
    public bool CanEdit(Resource resource) =>
        IsAdmin || (CanContribute && OrganisationId is not null && resource.OwnerOrganisationId == OrganisationId);

    /// <summary>
    /// The visibility rule for one loaded resource: changes to a resource the viewer may not see are
    /// answered "not found", as reading it is, never "forbidden", which would confirm it exists.
    /// </summary>
    public bool CanSee(Resource resource) => ResourceAccess.VisibleTo(this).Compile()(resource);
}

/// <summary>
/// The viewer for a principal, once per request (scoped): a page and the partials it renders (the home
/// page's columns, the layout) ask for the same principal several times.
/// </summary>
public sealed class LibraryViewerFactory(IMemberDirectory directory, PermissionService permissions)
{
    private (ClaimsPrincipal User, LibraryViewer Viewer)? _last;

    public async Task<LibraryViewer> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (_last is { } last && ReferenceEquals(last.User, user))
        {
            return last.Viewer;
        }

        var viewer = await ReadAsync(user, ct);
        _last = (user, viewer);
        return viewer;
    }

    private async Task<LibraryViewer> ReadAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || id is null)
        {
            return LibraryViewer.Anonymous;
        }

        var member = await directory.FindAsync(id, ct);
        if (member is null)
        {
            return LibraryViewer.Anonymous;
        }

        return new LibraryViewer(
            true,
            id,
            string.IsNullOrWhiteSpace(member.DisplayName) ? member.Email : member.DisplayName,
            member.OrganisationId,
            permissions.Has(user, Permissions.ManageAll),
            permissions.Has(user, Permissions.Contribute));
    }
}
