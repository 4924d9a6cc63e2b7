using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// "Authorization: Bearer ..." on /api/v1: a personal API token (rh_...) or an access token of the
/// hub's OpenID Connect provider. Either way the principal is the token's member (for a
/// client-credentials token, the application's service account), with their roles, and one "scope"
/// claim per area scope the token carries. The admin scope counts only while the user is an administrator.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<HubUser> users,
    ApiScopeCatalog scopeCatalog) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        HubUser user;
        IEnumerable<string> scopes;
        Claim extra;
        if (presented.StartsWith(ApiTokenService.TokenPrefix, StringComparison.Ordinal))
        {
            var token = await tokens.VerifyAsync(presented, Context.RequestAborted);
            if (token?.User is null)
            {
                return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
            }

            user = token.User;
            // Expanded again here, so a token stored with the legacy words (a row written by an older node) means the same everywhere.
            scopes = scopeCatalog.Expand(token.ScopeList);
            extra = new Claim("token_id", token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            // An access token of the hub's OpenID Connect provider: OpenIddict checks its signature,
            // lifetime, and that neither it nor its authorization has been revoked.
            var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var found = subject is null ? null : await users.FindByIdAsync(subject);
            if (found is null)
            {
                return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
            }

            user = found;
            scopes = scopeCatalog.Expand(result.Principal!.GetScopes().Where(s => s is not (ApiScopes.Read or ApiScopes.Write)));
            extra = new Claim("client_id", result.Principal!.GetClaim(Claims.ClientId) ?? result.Principal!.GetPresenters().FirstOrDefault() ?? "");
        }

        if (await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The token's account is locked.");
        }

        var roles = await users.GetRolesAsync(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
            new(ClaimTypes.Email, user.Email ?? ""),
            extra,
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        foreach (var scope in scopes)
        {
            if (scope != ApiScopes.Admin || roles.Contains(HubRoles.Administrator))
            {
                claims.Add(new Claim(HubPolicies.ScopeClaim, scope));
            }
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"ResearchHub\"";
        return Task.CompletedTask;
    }
}
