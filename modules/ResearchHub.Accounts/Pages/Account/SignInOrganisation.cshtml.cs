using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OpenIddict.Client.AspNetCore;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>"Sign in with (organisation)": the sign-in page's button posts here, and the member is sent to the organisation's provider.</summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class SignInOrganisationModel(OrganisationConnectionService connections) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => RedirectToPage("SignIn", new { ReturnUrl = SignInModel.SafeReturnUrl(ReturnUrl) });

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken ct)
    {
        var connection = await connections.FindByKeyAsync(key ?? "", ct);
        if (connection is null)
        {
            return NotFound();
        }

        var properties = new AuthenticationProperties { RedirectUri = SignInModel.SafeReturnUrl(ReturnUrl) };
        properties.Items[OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = OrganisationSignInRegistrations.RegistrationId(connection.Key);
        return Challenge(properties, OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
    }
}
