using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>The codebook in full, current or an earlier version: readable on screen and printable as it is.</summary>
public sealed class ShowModel(CodebookPages pages, CodebookService service, CrosswalkService crosswalks) : PageModel
{
    public Codebook Codebook { get; private set; } = null!;
    public CodebookSnapshot Snapshot { get; private set; } = null!;
    public int? Version { get; private set; }
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;
    public string? OwnerName { get; private set; }
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    public IReadOnlyList<(Crosswalk Crosswalk, string Other)> Crosswalks { get; private set; } = [];
    public IReadOnlyList<Codebook> Others { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, int? version, CancellationToken ct)
    {
        Viewer = await pages.ViewerAsync(User, ct);
        var codebook = await pages.VisibleAsync(id, Viewer, ct);
        if (codebook is null)
        {
            return NotVisible.Page(User);
        }

        var snapshot = await service.SnapshotAsync(id, version, ct);
        if (snapshot is null)
        {
            return NotFound();
        }

        Codebook = codebook;
        Snapshot = snapshot;
        Version = version;
        var names = await pages.OrganisationNamesAsync(ct);
        OwnerName = codebook.OwnerOrganisationId is { } o ? names.GetValueOrDefault(o) : null;
        Warnings = (TempData["CodebookWarnings"] as string)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var visible = await pages.ListAsync(Viewer, ct);
        Crosswalks = (await crosswalks.ForCodebookAsync(id, ct))
            .Select(c => (c, visible.FirstOrDefault(b => b.Id == (c.FromCodebookId == id ? c.ToCodebookId : c.FromCodebookId))?.Name))
            .Where(x => x.Item2 is not null).Select(x => (x.c, x.Item2!)).ToList();
        Others = visible.Where(b => b.Id != id).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostCrosswalkAsync(long id, long to, CancellationToken ct)
    {
        var viewer = await pages.ViewerAsync(User, ct);
        var (crosswalk, error) = await crosswalks.CreateAsync(id, to, null, viewer, ct);
        if (crosswalk is null)
        {
            var page = await OnGetAsync(id, null, ct);
            Error = error;
            return page;
        }

        return Redirect(CodebooksUrls.Crosswalk(crosswalk.Id));
    }
}
