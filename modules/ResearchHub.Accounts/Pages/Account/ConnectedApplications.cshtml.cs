using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>Withdraws the member's consent to an application (the form is in the profile's "Connected applications" section).</summary>
[Authorize]
public sealed class ConnectedApplicationsModel(OpenIdClientService clients, UserManager<HubUser> users, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("Profile", null, "connected-applications");

    public async Task<IActionResult> OnPostAsync(string? applicationId, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var name = string.IsNullOrEmpty(applicationId) ? null : await clients.DisconnectAsync(user.Id, applicationId, ct);
        if (name is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.OpenIdConsentRevoked, target: name, actorId: user.Id, actorEmail: user.Email, ct: ct);
        TempData["StatusMessage"] = $"{name} can no longer use your account.";
        return RedirectToPage("Profile", null, "connected-applications");
    }
}
