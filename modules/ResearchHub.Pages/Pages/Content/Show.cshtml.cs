using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Modules;
using ResearchHub.Pages.Services;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Pages.Pages.Content;

/// <summary>
/// A page at /pages/{slug}. Drafts answer 404 to everyone except those who manage pages, who see
/// them marked as drafts, so a draft's existence does not leak.
/// </summary>
public sealed class ShowModel(PageService pages, PermissionService permissions) : PageModel
{
    public Page Item { get; private set; } = null!;
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        CanManage = permissions.Has(User, Permissions.Manage);
        var page = CanManage ? await pages.GetBySlugAsync(slug, ct) : await pages.GetPublishedAsync(slug, ct);
        if (page is null)
        {
            return NotFound();
        }

        Item = page;
        return Page();
    }
}
