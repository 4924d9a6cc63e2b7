using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>Code frequencies as charts and tables, the excerpts behind them, and (for editors) adding excerpts by hand or from CSV.</summary>
public sealed class CountsModel(CodebookPages pages, CodebookService service, ExcerptService excerpts) : PageModel
{
    public Codebook Codebook { get; private set; } = null!;
    public CodeCounts Counts { get; private set; } = null!;
    public IReadOnlyList<CodedExcerpt> Excerpts { get; private set; } = [];
    public IReadOnlyList<TreeRow> Tree { get; private set; } = [];
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;
    public bool CanAdd => (Viewer.IsAdmin || Viewer.CanContribute) && Viewer.OrganisationId is not null;
    public string? Error { get; private set; }
    public string? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Viewer = await pages.ViewerAsync(User, ct);
        var codebook = await pages.VisibleAsync(id, Viewer, ct);
        if (codebook is null)
        {
            return NotVisible.Page(User);
        }

        Codebook = codebook;
        var snapshot = (await service.SnapshotAsync(id, null, ct))!;
        Tree = snapshot.Tree();
        Counts = await excerpts.CountsAsync(id, snapshot, Viewer, ct);
        Excerpts = await excerpts.VisibleExcerptsAsync(id, Viewer, ct);
        Status = TempData["CodebookStatus"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(long id, string? excerptId, string? text, List<Guid>? codes, ExcerptVisibility visibility, CancellationToken ct)
    {
        var viewer = await pages.ViewerAsync(User, ct);
        var outcome = await excerpts.AddAsync(id, new ExcerptInput(excerptId ?? "", text ?? "", (codes ?? []).Select(g => g.ToString()).ToList(), visibility, null), viewer, ct);
        return await AfterAsync(id, outcome.Error, "The excerpt was saved.", ct);
    }

    public async Task<IActionResult> OnPostImportAsync(long id, IFormFile? file, ExcerptVisibility visibility, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return await AfterAsync(id, "Choose a CSV file.", "", ct);
        }

        await using var stream = file.OpenReadStream();
        var (saved, error) = await excerpts.ImportCsvAsync(id, stream, visibility, await pages.ViewerAsync(User, ct), ct);
        return await AfterAsync(id, error, $"{saved} excerpt{(saved == 1 ? " was" : "s were")} imported.", ct);
    }

    private async Task<IActionResult> AfterAsync(long id, string? error, string status, CancellationToken ct)
    {
        if (error is null)
        {
            TempData["CodebookStatus"] = status;
            return Redirect(CodebooksUrls.Counts(id));
        }

        var page = await OnGetAsync(id, ct);
        Error = error;
        return page;
    }
}
