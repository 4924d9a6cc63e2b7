using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Pages.Library;

/// <summary>The evidence map: the network's evaluation questions against sites (or practice areas or measures).</summary>
public sealed class EvidenceMapModel(EvidenceMapService maps, LibraryViewerFactory viewers, ResearchHub.Core.Modules.PermissionService permissions) : PageModel
{
    public EvidenceMap Map { get; private set; } = null!;
    public bool CanEditQuestions { get; private set; }

    public async Task OnGetAsync(string? by, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(User, ct);
        Map = await maps.BuildAsync(viewer, by, ct);
        CanEditQuestions = permissions.Has(User, Permissions.ManageEvaluationQuestions);
    }
}
