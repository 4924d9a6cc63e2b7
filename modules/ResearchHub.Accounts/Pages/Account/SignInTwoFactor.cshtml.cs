using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>The second step of sign-in for members with an authenticator app.</summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class SignInTwoFactorModel(SignInManager<HubUser> signIn, UserManager<HubUser> users, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code is 6 digits, like 123456")]
    [Display(Name = "Authentication code")]
    public string Code { get; set; } = "";

    [BindProperty]
    [Display(Name = "Do not ask again on this device for 30 days")]
    public bool RememberDevice { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

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

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, RememberDevice);
        if (result.Succeeded)
        {
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);
            await audit.WriteAsync(AuditActions.SignIn, user.Email, "with authenticator code", user.Id, user.Email, ct);
            return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, user.Email, "too many wrong authenticator codes", user.Id, user.Email, ct);
            ModelState.AddModelError("", SignInModel.LockedOutMessage(user, users.Options.Lockout.DefaultLockoutTimeSpan));
            return Page();
        }

        await audit.WriteAsync(AuditActions.SignInFailed, user.Email, "wrong authenticator code", user.Id, user.Email, ct);
        ModelState.AddModelError(nameof(Code), "That code is not right. Codes change every 30 seconds: enter the one your app shows now.");
        return Page();
    }
}
