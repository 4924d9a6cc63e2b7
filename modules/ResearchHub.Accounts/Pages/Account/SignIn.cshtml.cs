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
public sealed class SignInModel(SignInManager<HubUser> signIn, UserManager<HubUser> users, AuditLog audit, TimeProvider clock, DecoyPassword decoy) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.org")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // Identity answers these two without checking a password: do the same work as a wrong
            // password (one hash verification, one audit row) and give the same words, so neither the
            // time taken nor the answer tells whether an address belongs to a member, or is locked.
            decoy.Verify(users.PasswordHasher, Input.Password);
            await audit.WriteAsync(AuditActions.SignInFailed, email, user is null ? "unknown email address" : "account locked", user?.Id, user?.Email, ct);
            return NotRight();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);
            await audit.WriteAsync(AuditActions.SignIn, email, null, user.Id, email, ct);
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("SignInTwoFactor", new { ReturnUrl = SafeReturnUrl(ReturnUrl), Input.RememberMe });
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, email, "too many failed sign-in attempts", user.Id, email, ct);
            return NotRight();
        }

        await audit.WriteAsync(AuditActions.SignInFailed, email, "wrong password", user.Id, email, ct);
        return NotRight();
    }

    /// <summary>One answer for an unknown address, a wrong password and a locked account.</summary>
    private PageResult NotRight()
    {
        var lockout = users.Options.Lockout;
        ModelState.AddModelError("Input.Password",
            $"The email address or password is not right. After {lockout.MaxFailedAccessAttempts} failed attempts an account is locked for "
            + $"{lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes; resetting your password (\"Forgotten your password?\") unlocks it at once.");
        return Page();
    }

    public static string LockedOutMessage(HubUser user, TimeSpan lockout) =>
        $"This account is locked because of too many failed sign-in attempts. Try again in {lockout.TotalMinutes:0} minutes, or reset your password.";

    /// <summary>
    /// Only a path on this site: never an open redirect. A control character anywhere is refused too
    /// (browsers drop tabs and line breaks, so "/\t/evil.example" would lead to //evil.example), as
    /// <c>LocalRedirect</c> refuses it: passing it on would end in a 500.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
