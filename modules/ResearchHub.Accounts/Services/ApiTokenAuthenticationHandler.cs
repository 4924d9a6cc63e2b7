using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// "Authorization: Bearer rh_..." on /api/v1: the token's user, with their roles, and one "scope"
/// claim per scope the token carries. The admin scope counts only while the user is an administrator.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<HubUser> users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = await tokens.VerifyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token?.User is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }

        var user = token.User;
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
            new("token_id", token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        // Expanded again here, so a token stored with the legacy words (a row written by an older node) means the same everywhere.
        foreach (var scope in ApiScopes.Expand(token.ScopeList))
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
