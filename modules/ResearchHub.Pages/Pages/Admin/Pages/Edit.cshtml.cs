using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.Pages.Services;

namespace ResearchHub.Pages.Pages.Admin.Pages;

[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class EditModel(PageService pages) : PageModel
{
    [BindProperty]
    public PageInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public long Id { get; private set; }

    /// <summary>The title as saved, for the heading while the form holds unsaved changes.</summary>
    public string SavedTitle { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var page = await pages.FindAsync(id, ct);
        if (page is null)
        {
            return NotFound();
        }

        Id = id;
        SavedTitle = page.Title;
        Input = PageInput.From(page);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var page = await pages.FindAsync(id, ct);
        if (page is null)
        {
            return NotFound();
        }

        Id = id;
        SavedTitle = page.Title;
        var draft = Input.ToDraft(out var formatError);
        if (formatError is not null || !ModelState.IsValid)
        {
            // Show every problem at once, not only the first one found.
            var errors = await pages.ValidateAsync(draft, id, ct);
            PageInput.AddErrors(ModelState, formatError is null ? errors : [.. errors, formatError]);
            return Page();
        }

        var result = await pages.UpdateAsync(id, draft, ct);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            PageInput.AddErrors(ModelState, result.Errors);
            return Page();
        }

        StatusMessage = $"Page \"{result.Page!.Title}\" saved{(result.Page.Published ? "" : " as a draft")}.";
        return Redirect(PagesUrls.Admin);
    }
}
