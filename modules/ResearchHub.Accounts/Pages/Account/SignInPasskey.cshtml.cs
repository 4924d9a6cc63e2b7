using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>
/// Sign in with a passkey (the form is on the sign-in page too): no email address and no password,
/// and no second step. A refusal comes back here with its reason and a way to try again.
/// </summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class SignInPasskeyModel(PasskeyService passkeys) : PageModel
{
    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    /// <summary>The options for navigator.credentials.get(), fetched by passkeys.js (with the form's antiforgery token).</summary>
    public async Task<IActionResult> OnPostOptionsAsync() =>
        Content(await passkeys.RequestOptionsAsync(), "application/json");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await passkeys.SignInAsync(CredentialJson, RememberMe, ct);
        if (outcome.Succeeded)
        {
            return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl));
        }

        ModelState.AddModelError(nameof(CredentialJson), outcome.Problem!);
        return Page();
    }
}
