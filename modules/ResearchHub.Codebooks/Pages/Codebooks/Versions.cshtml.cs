using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>The published versions, and what changed between two of them (by default the last two), code by code.</summary>
public sealed class VersionsModel(CodebookPages pages, CodebookService service, HubDbContext db) : PageModel
{
    public Codebook Codebook { get; private set; } = null!;
    public IReadOnlyList<CodebookVersion> Versions { get; private set; } = [];
    public int? From { get; private set; }
    public int? To { get; private set; }
    public IReadOnlyList<CodeChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, int? from, int? to, CancellationToken ct)
    {
        var viewer = await pages.ViewerAsync(User, ct);
        var codebook = await pages.VisibleAsync(id, viewer, ct);
        if (codebook is null)
        {
            return NotVisible.Page(User);
        }

        Codebook = codebook;
        Versions = await db.Set<CodebookVersion>().AsNoTracking().Where(v => v.CodebookId == id).OrderByDescending(v => v.Number).ToListAsync(ct);
        if (Versions.Count >= 2)
        {
            To = Versions.Any(v => v.Number == to) ? to : Versions[0].Number;
            From = Versions.Any(v => v.Number == from) ? from : Versions.FirstOrDefault(v => v.Number < To)?.Number ?? Versions[^1].Number;
            Changes = CodebookDiff.Compare((await service.SnapshotAsync(id, From, ct))!, (await service.SnapshotAsync(id, To, ct))!);
        }

        return Page();
    }

    public static string Describe(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "Added",
        ChangeKind.Removed => "Removed",
        ChangeKind.Renamed => "Renamed",
        ChangeKind.Moved => "Moved",
        _ => "Redefined",
    };
}
