using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.Pages.Services;

namespace ResearchHub.Pages.Pages.Admin.Pages;

[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class NewModel(PageService pages) : PageModel
{
    [BindProperty]
    public PageInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var draft = Input.ToDraft(out var formatError);
        if (formatError is not null || !ModelState.IsValid)
        {
            // Show every problem at once, not only the first one found.
            var errors = await pages.ValidateAsync(draft, null, ct);
            PageInput.AddErrors(ModelState, formatError is null ? errors : [.. errors, formatError]);
            return Page();
        }

        var result = await pages.CreateAsync(draft, ct);
        if (!result.Succeeded)
        {
            PageInput.AddErrors(ModelState, result.Errors);
            return Page();
        }

        StatusMessage = $"Page \"{result.Page!.Title}\" created{(result.Page.Published ? " and published" : " as a draft")}.";
        return Redirect(PagesUrls.Admin);
    }
}
