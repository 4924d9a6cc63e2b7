using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Pages.Account;

[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class SignInModel(SignInManager<HubUser> signIn, UserManager<HubUser> users, AuditLog audit, TimeProvider clock, DecoyPassword decoy,
    OrganisationConnectionService connections) : PageModel
{
    /// <summary>The organisations whose members may sign in with their own provider ("Sign in with ...").</summary>
    public IReadOnlyList<OrganisationConnection> Connections { get; private set; } = [];

    /// <summary>Why a sign-in through an organisation's provider was refused (set by the callback).</summary>
    [TempData]
    public string? OrganisationProblem { get; set; }

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

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(OrganisationProblem))
        {
            ModelState.AddModelError("", OrganisationProblem);
        }

        await LoadConnectionsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadConnectionsAsync(ct);
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

        if (await connections.RequiredForAsync(user, ct) is { } required)
        {
            // The password is checked first (the same work as for anyone else), so only its holder learns
            // that the organisation requires its own sign-in.
            var check = await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                await audit.WriteAsync(check.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, email,
                    check.IsLockedOut ? "too many failed sign-in attempts" : "wrong password", user.Id, email, ct);
                return NotRight();
            }

            var name = required.Organisation!.Name;
            await audit.WriteAsync(AuditActions.SignInFailed, email, $"password refused: {name} requires its own sign-in", user.Id, email, ct);
            ModelState.AddModelError("", $"{name} asks its members to sign in with {name}'s own sign-in, not a hub password: use the \"Sign in with {name}\" button below.");
            return Page();
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

    private async Task LoadConnectionsAsync(CancellationToken ct)
    {
        Connections = await connections.ListAsync(ct);
        if (Connections.Count > 0)
        {
            // The button's answer is redirected to the provider: browsers apply form-action to that redirect.
            HttpContext.Items[ContentSecurity.FormActionOriginItem] = string.Join(' ',
                Connections.Select(c => new Uri(c.Issuer).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase));
        }
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
