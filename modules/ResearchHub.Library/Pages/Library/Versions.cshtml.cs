using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Library.Pages.Library;

/// <summary>The versions kept of a published resource, and a readable diff of any two (by default the last two).</summary>
public sealed class VersionsModel(HubDbContext db, LibraryViewerFactory viewers) : PageModel
{
    public Resource Resource { get; private set; } = null!;
    public IReadOnlyList<ResourceVersion> Versions { get; private set; } = [];
    public ResourceVersion? From { get; private set; }
    public ResourceVersion? To { get; private set; }
    public IReadOnlyList<FieldDiff> Diff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, int? from, int? to, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(User, ct);
        var resource = await db.Set<Resource>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resource is null)
        {
            return NotVisible.Page(User);
        }

        Resource = resource;
        Versions = await db.Set<ResourceVersion>().AsNoTracking().Where(v => v.ResourceId == id)
            .OrderByDescending(v => v.Number).ToListAsync(ct);
        if (Versions.Count >= 2)
        {
            To = Versions.FirstOrDefault(v => v.Number == to) ?? Versions[0];
            From = Versions.FirstOrDefault(v => v.Number == from) ?? Versions.FirstOrDefault(v => v.Number < To.Number) ?? Versions[^1];
            Diff = SnapshotDiff.Compare(ResourceSnapshot.FromJson(From.SnapshotJson), ResourceSnapshot.FromJson(To.SnapshotJson));
        }

        return Page();
    }
}
