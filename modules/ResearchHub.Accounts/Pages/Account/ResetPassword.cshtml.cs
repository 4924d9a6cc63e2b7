using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class ResetPasswordModel(UserManager<HubUser> users, AuditLog audit, MemberSessions sessions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter a new password")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Your password must be at least 12 characters")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter the new password again")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirm the new password")]
    public string ConfirmPassword { get; set; } = "";

    public bool Done { get; private set; }

    public bool LinkBroken => string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Token);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (LinkBroken || !ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email!);
        var result = user is null
            ? IdentityResult.Failed(new IdentityError { Description = "This reset link is not valid." })
            : await users.ResetPasswordAsync(user, Token!, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? "" : nameof(Password),
                    error.Code == "InvalidToken" ? "This reset link has expired or has been used. Ask for a new one." : error.Description);
            }

            return Page();
        }

        // A successful reset also lifts a lockout after failed sign-ins: the member proved they own
        // the address. An administrator's lock stays (a link sent before the lock must not undo it).
        if (!user!.IsLockedByAdministrator)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        await sessions.EndAllAsync(user!.Id, ct: ct);
        await audit.WriteAsync(AuditActions.PasswordReset, user!.Email, null, user.Id, user.Email, ct);
        Done = true;
        return Page();
    }
}
