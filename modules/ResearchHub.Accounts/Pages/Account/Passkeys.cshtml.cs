using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>The member's passkeys: the list, adding one (named), removing one.</summary>
[Authorize]
public sealed class PasskeysModel(UserManager<HubUser> users, PasskeyService passkeys) : PageModel
{
    [BindProperty]
    [Display(Name = "Name of the passkey")]
    public string? Name { get; set; }

    [BindProperty]
    public string? CredentialJson { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Passkeys = await passkeys.ListAsync(user);
        return Page();
    }

    /// <summary>The options for navigator.credentials.create(), fetched by passkeys.js (with the form's antiforgery token).</summary>
    public async Task<IActionResult> OnPostOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : Content(await passkeys.CreationOptionsAsync(user), "application/json");
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var problem = await passkeys.AddAsync(user, CredentialJson, Name, ct);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(Name), problem);
            Passkeys = await passkeys.ListAsync(user);
            return Page();
        }

        StatusMessage = $"Your passkey \u201c{Name!.Trim()}\u201d has been added. You can now sign in with it.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await passkeys.RemoveAsync(user, id, ct))
        {
            ModelState.AddModelError("", "That passkey is not in your list: nothing was removed.");
            Passkeys = await passkeys.ListAsync(user);
            return Page();
        }

        StatusMessage = "The passkey has been removed. It no longer signs you in.";
        return RedirectToPage();
    }
}
