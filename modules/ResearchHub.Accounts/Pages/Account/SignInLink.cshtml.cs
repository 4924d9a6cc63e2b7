using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>
/// Linking an organisation's sign-in to the hub account that already has its e-mail address: the
/// owner confirms with the account's hub password once; from then on the organisation's button signs
/// them straight in. The pending sign-in rides in Identity's external sign-in cookie (five minutes).
/// </summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class SignInLinkModel(
    SignInManager<HubUser> signIn,
    UserManager<HubUser> users,
    OrganisationConnectionService connections,
    OrganisationSignIn organisationSignIn,
    AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your hub password")]
    [DataType(DataType.Password)]
    [Display(Name = "Hub password")]
    public string Password { get; set; } = "";

    public string Email { get; private set; } = "";

    public string OrganisationName { get; private set; } = "";

    public bool HasPassword { get; private set; }

    [TempData]
    public string? OrganisationProblem { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var pending = await PendingAsync(ct);
        if (pending is null)
        {
            return Expired();
        }

        HasPassword = await users.HasPasswordAsync(pending.Value.User);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var pending = await PendingAsync(ct);
        if (pending is null)
        {
            return Expired();
        }

        var (info, user, connection) = pending.Value;
        HasPassword = await users.HasPasswordAsync(user);
        if (!ModelState.IsValid || !HasPassword)
        {
            return Page();
        }

        var check = await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, user.Email, $"linking {OrganisationName}: {(check.IsLockedOut ? "account locked" : "wrong password")}", user.Id, user.Email, ct);
            ModelState.AddModelError(nameof(Password), check.IsLockedOut
                ? "This account is locked after too many failed attempts. Try again later, or reset your password."
                : "The password is not right.");
            return Page();
        }

        var added = await users.AddLoginAsync(user, new UserLoginInfo(info.LoginProvider, info.ProviderKey, OrganisationName));
        if (!added.Succeeded)
        {
            ModelState.AddModelError(nameof(Password), string.Join(" ", added.Errors.Select(e => e.Description)));
            return Page();
        }

        await audit.WriteAsync(AuditActions.OrganisationLoginLinked, user.Email, $"{OrganisationName} ({connection.Issuer}) linked after the hub password was confirmed", user.Id, user.Email, ct);
        var returnUrl = SignInModel.SafeReturnUrl(info.AuthenticationProperties?.Items.TryGetValue(SignInOrganisationCallbackModel.ReturnUrlItem, out var r) == true ? r : null);
        var outcome = await organisationSignIn.CompleteAsync(user, connection, info.ProviderKey, ct);
        if (outcome.SignedIn)
        {
            return LocalRedirect(returnUrl);
        }

        if (outcome.RequiresTwoFactor)
        {
            return RedirectToPage("SignInTwoFactor", new { ReturnUrl = returnUrl });
        }

        OrganisationProblem = outcome.Problem;
        return RedirectToPage("SignIn");
    }

    public async Task<IActionResult> OnPostCancelAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        return RedirectToPage("SignIn");
    }

    private async Task<(ExternalLoginInfo Info, HubUser User, OrganisationConnection Connection)?> PendingAsync(CancellationToken ct)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        var key = info?.AuthenticationProperties?.Items.TryGetValue(SignInOrganisationCallbackModel.ConnectionItem, out var k) == true ? k : null;
        var email = info?.Principal.FindFirstValue(ClaimTypes.Email);
        if (info is null || key is null || email is null)
        {
            return null;
        }

        var connection = await connections.FindByKeyAsync(key, ct);
        var user = await users.FindByEmailAsync(email);
        if (connection is null || connection.Issuer != info.LoginProvider || user is null)
        {
            return null;
        }

        Email = email;
        OrganisationName = connection.Organisation!.Name;
        return (info, user, connection);
    }

    private RedirectToPageResult Expired()
    {
        OrganisationProblem = "That sign-in has expired (you have five minutes to confirm). Start again with your organisation's button.";
        return RedirectToPage("SignIn");
    }
}
