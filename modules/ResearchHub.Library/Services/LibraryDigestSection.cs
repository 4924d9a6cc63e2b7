using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>
/// "New and updated in the library" in the mailing groups' digests: resources updated in the
/// window, on the group's topics (its practice-area keys) when it has any. Drafts are never news,
/// even to their author. Each member sees what <see cref="ResourceAccess.VisibleTo(LibraryViewer)"/>
/// shows them, the same expression the library's own queries use. Counts as news.
/// </summary>
public sealed class LibraryDigestSection(HubDbContext db, PermissionService permissions, MarkdownRenderer markdown) : IDigestSection
{
    public string Key => "library";

    public string Title => "New and updated in the library";

    public int Order => 10;

    public bool IsNews => true;

    public (string Where, string Path)? More => ("in the library", LibraryUrls.List + "?sort=updated");

    public async Task<IDigestSectionSnapshot> SnapshotAsync(DigestScope scope, CancellationToken ct)
    {
        var resources = db.Set<Resource>().AsNoTracking()
            .Where(r => r.Visibility != ResourceVisibility.Draft && r.UpdatedAt >= scope.From && r.UpdatedAt < scope.To);
        var topics = scope.TopicKeys.ToList();
        if (topics.Count > 0)
        {
            resources = resources.Where(r => r.Terms.Any(t => t.Term!.Vocabulary == Vocabularies.PracticeAreas && topics.Contains(t.Term.Key)));
        }

        var found = await resources.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        return new Snapshot(permissions, [.. found.Select(r => (r, new DigestItem(r.Title, Excerpt(r), LibraryUrls.Show(r))))]);
    }

    private string Excerpt(Resource r) => string.IsNullOrWhiteSpace(r.Summary) ? markdown.Excerpt(r.Body, 200) : Cut(r.Summary, 200);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private sealed class Snapshot(PermissionService permissions, List<(Resource Resource, DigestItem Item)> resources) : IDigestSectionSnapshot
    {
        /// <summary>
        /// The rule compiled once per kind of viewer. The snapshot holds no drafts, and for any other
        /// resource the rule reads only the viewer's role flags and organisation, never their id, so
        /// viewers alike in those share one compiled predicate.
        /// </summary>
        private readonly Dictionary<(bool IsAdmin, bool CanContribute, long? OrganisationId), Func<Resource, bool>> _visibility = [];

        public IReadOnlyList<DigestItem> ItemsFor(DigestReader reader, DateTimeOffset windowStart, DateTimeOffset windowEnd)
        {
            var kind = (IsAdmin: permissions.Has(reader.Principal, Permissions.ManageAll), CanContribute: permissions.Has(reader.Principal, Permissions.Contribute), reader.OrganisationId);
            if (!_visibility.TryGetValue(kind, out var visible))
            {
                visible = ResourceAccess.VisibleTo(new LibraryViewer(true, null, null, kind.OrganisationId, kind.IsAdmin, kind.CanContribute)).Compile();
                _visibility[kind] = visible;
            }

            return [.. resources.Where(r => r.Resource.UpdatedAt >= windowStart && r.Resource.UpdatedAt < windowEnd && visible(r.Resource)).Select(r => r.Item)];
        }
    }
}
