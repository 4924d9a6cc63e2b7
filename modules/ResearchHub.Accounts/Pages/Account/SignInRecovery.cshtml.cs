using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>Sign in with one of the single-use recovery codes instead of the authenticator app.</summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class SignInRecoveryModel(SignInManager<HubUser> signIn, UserManager<HubUser> users, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter one of your recovery codes")]
    [StringLength(64, ErrorMessage = "That is not a recovery code")]
    [Display(Name = "Recovery code")]
    public string RecoveryCode { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("SignIn") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("SignIn");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            var left = await users.CountRecoveryCodesAsync(user);
            await audit.WriteAsync(AuditActions.SignIn, user.Email, $"with a recovery code ({left} left)", user.Id, user.Email, ct);
            return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", SignInModel.LockedOutMessage(user, users.Options.Lockout.DefaultLockoutTimeSpan));
            return Page();
        }

        await audit.WriteAsync(AuditActions.SignInFailed, user.Email, "wrong recovery code", user.Id, user.Email, ct);
        ModelState.AddModelError(nameof(RecoveryCode), "That recovery code is not right, or has been used already.");
        return Page();
    }
}
