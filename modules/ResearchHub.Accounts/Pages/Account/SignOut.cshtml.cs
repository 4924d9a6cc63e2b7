using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>Sign-out is a POST (with antiforgery), so no link on another site can sign a member out.</summary>
public sealed class SignOutModel(SignInManager<HubUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(AuditActions.SignOut, User.Identity.Name, ct: ct);
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
