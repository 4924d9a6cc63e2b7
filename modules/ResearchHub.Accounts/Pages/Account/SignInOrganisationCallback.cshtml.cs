using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;
using OpenIddict.Client.AspNetCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>
/// Where an organisation's provider sends the member back (OpenIddict has checked the answer, redeemed
/// the code and validated the ID token first). The provider must vouch for a verified e-mail address
/// in one of the organisation's domains. A subject already linked signs straight in; an unknown
/// address becomes a new member of the organisation (Member role); an address that already has an
/// account is linked only after its owner confirms with their hub password (<see cref="SignInLinkModel"/>).
/// </summary>
public sealed class SignInOrganisationCallbackModel(
    OrganisationConnectionService connections,
    OrganisationSignIn organisationSignIn,
    UserManager<HubUser> users,
    AuditLog audit,
    HubDbContext db,
    TimeProvider clock) : PageModel
{
    /// <summary>The Items key of the external sign-in cookie naming the connection a link waits for.</summary>
    public const string ConnectionItem = "hub.connection";

    /// <summary>The Items key of the external sign-in cookie keeping where to go afterwards.</summary>
    public const string ReturnUrlItem = "hub.returnUrl";

    [TempData]
    public string? OrganisationProblem { get; set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var connection = await connections.FindByKeyAsync(key ?? "", ct);
        if (connection is null)
        {
            return NotFound();
        }

        var name = connection.Organisation!.Name;
        var result = await HttpContext.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            var error = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.Error);
            var description = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription);
            await audit.WriteAsync(AuditActions.SignInFailed, name, $"with {name}: {error ?? result.Failure?.Message ?? "no answer"} {description}".Trim(), ct: ct);
            return Refuse(error == Errors.AccessDenied
                ? $"Signing in with {name} was cancelled or refused there. Try again, or sign in another way."
                : $"Signing in with {name} did not complete. Try again, or sign in another way.");
        }

        var principal = result.Principal;
        var returnUrl = SignInModel.SafeReturnUrl(result.Properties?.RedirectUri);
        if (Claim(principal, Claims.Private.RegistrationId) != OrganisationSignInRegistrations.RegistrationId(connection.Key))
        {
            return Refuse($"Signing in with {name} did not complete. Try again, or sign in another way.");
        }

        var subject = Claim(principal, Claims.Subject);
        var email = Claim(principal, Claims.Email)?.Trim();
        var verified = string.Equals(Claim(principal, Claims.EmailVerified), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(email) || !verified)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, email ?? name, $"with {name}: no verified e-mail address", ct: ct);
            return Refuse($"{name} did not confirm a verified e-mail address for you, which the hub needs to sign you in. Ask {name}'s IT service, or sign in another way.");
        }

        if (!OrganisationConnectionService.Vouches(connection, email))
        {
            await audit.WriteAsync(AuditActions.SignInFailed, email, $"with {name}: the address is not in a domain {name} vouches for", ct: ct);
            return Refuse($"{email} is not an address {name} vouches for on this hub (only {string.Join(", ", connection.DomainList.Select(d => "@" + d))}), "
                + "so you cannot sign in with it here. Sign in with your hub password, or ask the network's organisers.");
        }

        var user = await users.FindByLoginAsync(connection.Issuer, subject);
        if (user is null)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                // Never linked silently: whoever holds the existing account confirms with its password first.
                var identity = new ClaimsIdentity(IdentityConstants.ExternalScheme);
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject));
                identity.AddClaim(new Claim(ClaimTypes.Email, email));
                var properties = new AuthenticationProperties();
                properties.Items["LoginProvider"] = connection.Issuer;
                properties.Items[ConnectionItem] = connection.Key;
                properties.Items[ReturnUrlItem] = returnUrl;
                await HttpContext.SignInAsync(IdentityConstants.ExternalScheme, new ClaimsPrincipal(identity), properties);
                return RedirectToPage("SignInLink");
            }

            var displayName = Claim(principal, Claims.Name)?.Trim();
            user = new HubUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = string.IsNullOrEmpty(displayName) ? email : displayName[..Math.Min(displayName.Length, 200)],
                OrganisationId = connection.OrganisationId,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return Refuse($"The hub could not make an account for {email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, HubRoles.Member);
            await users.AddLoginAsync(user, new UserLoginInfo(connection.Issuer, subject, name));
            audit.Add(AuditActions.OrganisationMemberCreated, email, $"first sign-in with {name} ({connection.Issuer}): a member of {name}", user.Id, email);
            await db.SaveChangesAsync(ct);
        }

        var outcome = await organisationSignIn.CompleteAsync(user, connection, subject, ct);
        return outcome switch
        {
            { SignedIn: true } => LocalRedirect(returnUrl),
            { RequiresTwoFactor: true } => RedirectToPage("SignInTwoFactor", new { ReturnUrl = returnUrl }),
            _ => Refuse(outcome.Problem!),
        };
    }

    /// <summary>
    /// A claim of the provider's answer. OpenIddict merges the ID token's and the userinfo answer's
    /// identities (it has checked that their subjects agree), so a claim can appear once in each.
    /// </summary>
    private static string? Claim(ClaimsPrincipal principal, string type) => principal.FindFirst(type)?.Value;

    private RedirectToPageResult Refuse(string problem)
    {
        OrganisationProblem = problem;
        return RedirectToPage("SignIn");
    }
}
