using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.Pages.Services;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Pages.Pages.Admin.Pages;

/// <summary>Deleting asks first on its own page, so it never depends on JavaScript's confirm().</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class DeleteModel(PageService pages) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public Page Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var page = await pages.FindAsync(id, ct);
        if (page is null)
        {
            return NotFound();
        }

        Item = page;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var deleted = await pages.DeleteAsync(id, ct);
        if (deleted is null)
        {
            return NotFound();
        }

        StatusMessage = $"Page \"{deleted.Title}\" deleted.";
        return Redirect(PagesUrls.Admin);
    }
}
