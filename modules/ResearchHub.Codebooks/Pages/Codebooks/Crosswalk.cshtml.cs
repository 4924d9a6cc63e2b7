using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>Two schemes side by side with their mappings, and each mapping's counts on both sides so they can be compared.</summary>
public sealed class CrosswalkModel(CodebookPages pages, CrosswalkService crosswalks, ExcerptService excerpts) : PageModel
{
    public CrosswalkView View { get; private set; } = null!;
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;
    public CodeCounts FromCounts { get; private set; } = null!;
    public CodeCounts ToCounts { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Viewer = await pages.ViewerAsync(User, ct);
        var view = await crosswalks.LoadAsync(id, Viewer, ct);
        if (view is null)
        {
            return NotVisible.Page(User);
        }

        View = view;
        FromCounts = await excerpts.CountsAsync(view.From.Id, view.FromCodes, Viewer, ct);
        ToCounts = await excerpts.CountsAsync(view.To.Id, view.ToCodes, Viewer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMapAsync(long id, Guid fromCode, Guid toCode, string relation, string? note, CancellationToken ct)
    {
        var viewer = await pages.ViewerAsync(User, ct);
        var outcome = MappingRelations.TryParse(relation, out var parsed)
            ? await crosswalks.MapAsync(id, fromCode, toCode, parsed, note, viewer, ct)
            : new Outcome("Choose how the codes relate.");
        return await AfterAsync(id, outcome, ct);
    }

    public async Task<IActionResult> OnPostUnmapAsync(long id, long mapping, CancellationToken ct) =>
        await AfterAsync(id, await crosswalks.UnmapAsync(id, mapping, await pages.ViewerAsync(User, ct), ct), ct);

    private async Task<IActionResult> AfterAsync(long id, Outcome outcome, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            return Redirect(CodebooksUrls.Crosswalk(id));
        }

        var page = await OnGetAsync(id, ct);
        Error = outcome.Error;
        return page;
    }
}
