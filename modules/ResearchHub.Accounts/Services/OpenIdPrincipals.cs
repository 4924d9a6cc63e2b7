using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// The identity the OpenID Connect provider issues tokens for: the member (or a machine client's
/// service account) as the subject, their name and e-mail for the ID token when asked for, and the
/// granted scopes. The area scopes are the API's; "admin" is granted only to administrators.
/// </summary>
public sealed class OpenIdPrincipals(UserManager<HubUser> users, ApiScopeCatalog scopeCatalog)
{
    /// <summary>The scopes of <paramref name="requested"/> this member may be granted (known ones; admin only for administrators).</summary>
    public async Task<IReadOnlyList<string>> GrantableAsync(HubUser user, IEnumerable<string> requested)
    {
        var isAdmin = await users.IsInRoleAsync(user, HubRoles.Administrator);
        string[] identityScopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess];
        return [.. requested.Distinct(StringComparer.Ordinal)
            .Where(s => identityScopes.Contains(s) || (scopeCatalog.All.Contains(s) && (s != ApiScopes.Admin || isAdmin)))];
    }

    public ClaimsPrincipal Create(HubUser user, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName)
            .SetClaim(Claims.Email, user.Email);
        identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailConfirmed ? "true" : "false", ClaimValueTypes.Boolean));

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        var granted = principal.GetScopes();
        principal.SetDestinations(claim => claim.Type switch
        {
            Claims.Name when granted.Contains(Scopes.Profile) => new[] { Destinations.AccessToken, Destinations.IdentityToken },
            Claims.Email or Claims.EmailVerified when granted.Contains(Scopes.Email) => new[] { Destinations.AccessToken, Destinations.IdentityToken },
            Claims.Name or Claims.Email or Claims.EmailVerified => Array.Empty<string>(),
            _ => new[] { Destinations.AccessToken },
        });
        return principal;
    }
}
