using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Core.Web;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Library.Pages.Library;

/// <summary>A resource at a glance: what, who, where, when, files, how to cite, related; and, for its editors, publishing.</summary>
public sealed class ShowModel(
    HubDbContext db,
    ResourceService resources,
    ResourceQueries queries,
    LibraryViewerFactory viewers,
    PublicUrls urls,
    TimeProvider clock,
    IEnumerable<IRelatedDocuments> similar,
    ContentCache cache) : PageModel
{
    public Resource Resource { get; private set; } = null!;
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;
    public Dictionary<long, string> OrganisationNames { get; private set; } = [];
    public IReadOnlyList<Resource> Related { get; private set; } = [];
    public IReadOnlyList<ResourceEvent> History { get; private set; } = [];
    public Resource? SupersededBy { get; private set; }
    public string Citation { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public ResourceVisibility Visibility { get; set; }

    [BindProperty]
    public bool ConfirmDelete { get; set; }

    public bool CanEdit => Viewer.CanEdit(Resource);

    public async Task<IActionResult> OnGetAsync(long id, string? slug, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        if (slug != Resource.Slug)
        {
            return RedirectPermanent(LibraryUrls.Show(Resource));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostVisibilityAsync(long id, CancellationToken ct)
    {
        Viewer = await viewers.ForAsync(User, ct);
        var change = await resources.SetVisibilityAsync(id, Visibility, Viewer, ct);
        if (change.NotFound)
        {
            return NotFound();
        }

        if (change.Forbidden)
        {
            return Forbid();
        }

        if (!change.Errors.IsValid)
        {
            foreach (var (key, message) in change.Errors)
            {
                ModelState.AddModelError(nameof(Visibility), message);
            }

            return await LoadAsync(id, ct) ?? Page();
        }

        StatusMessage = Visibility == ResourceVisibility.Draft
            ? "The resource is back in draft: only its organisation's editors can see it."
            : $"The resource is published. {Visibilities.Describe(Visibility)}";
        return Redirect(LibraryUrls.Show(change.Resource!));
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        if (!ConfirmDelete)
        {
            ModelState.AddModelError(nameof(ConfirmDelete), "Tick the box to confirm that the resource should be deleted.");
            return await LoadAsync(id, ct) ?? Page();
        }

        Viewer = await viewers.ForAsync(User, ct);
        var change = await resources.DeleteAsync(id, Viewer, ct);
        if (change.NotFound)
        {
            return NotFound();
        }

        if (change.Forbidden)
        {
            return Forbid();
        }

        TempData["StatusMessage"] = $"“{change.Resource!.Title}” has been deleted.";
        return Redirect(LibraryUrls.List);
    }

    public string OrganisationName(long id) => OrganisationNames.GetValueOrDefault(id, "");

    public IEnumerable<VocabularyTerm> TermsOf(string vocabulary) =>
        Resource.Terms.Select(t => t.Term!).Where(t => t.Vocabulary == vocabulary).OrderBy(t => t.Order).ThenBy(t => t.Label);

    /// <summary>
    /// The resources most like this one by their text, from the search index (visibility applied
    /// there, and again here; drafts left out); by shared vocabulary when search is not installed.
    /// The index's answer is kept per viewer's visibility until content changes (<see cref="ContentCache"/>);
    /// the resources themselves are read (with the visibility rule) on every request.
    /// </summary>
    private async Task<IReadOnlyList<Resource>> RelatedAsync(CancellationToken ct)
    {
        if (similar.FirstOrDefault() is not { } index)
        {
            return await queries.RelatedAsync(Viewer, Resource, 5, ct);
        }

        var key = Resource.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var keys = await cache.GetOrReadAsync($"library:similar:{Viewer.VisibilityKey}:{key}", c => index.KeysLikeAsync(ResourceSearchSource.TypeName, key, User, 5, c), ct);
        var ids = keys.Select(k => long.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToList();
        var found = await db.Set<Resource>().VisibleTo(Viewer).AsNoTracking()
            .Where(r => ids.Contains(r.Id) && r.Visibility != ResourceVisibility.Draft)
            .ToDictionaryAsync(r => r.Id, ct);
        return ids.Where(found.ContainsKey).Select(i => found[i]).ToList();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        Viewer = await viewers.ForAsync(User, ct);
        var visible = await db.Set<Resource>().VisibleTo(Viewer).AnyAsync(r => r.Id == id, ct);
        if (!visible)
        {
            // A visitor may be a member who has not signed in yet; a member who cannot see it learns nothing.
            return NotVisible.Page(User);
        }

        Resource = (await resources.LoadAsync(id, ct))!;
        OrganisationNames = await queries.OrganisationNamesAsync(ct);
        Related = await RelatedAsync(ct);
        if (Resource.SupersededById is { } successor)
        {
            SupersededBy = await db.Set<Resource>().VisibleTo(Viewer).AsNoTracking().FirstOrDefaultAsync(r => r.Id == successor, ct);
        }

        if (CanEdit)
        {
            History = await db.Set<ResourceEvent>().AsNoTracking().Where(e => e.ResourceId == id)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(50).ToListAsync(ct);
        }

        Visibility = Resource.Visibility;
        var publisher = Resource.Publisher ?? (Resource.OwnerOrganisationId is { } owner ? OrganisationName(owner) : null);
        Citation = CitationText.Format(new CitationItem(Resource, urls.Absolute(LibraryUrls.Show(Resource)), publisher, clock.GetUtcNow()));
        return null;
    }
}
