using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Api;

/// <summary>
/// The OpenID Connect provider's token and userinfo endpoints (OpenIddict has validated the request
/// and the client before they run). Discovery, JWKS, revocation and introspection are answered by
/// OpenIddict itself; the authorization endpoint is the consent page (Pages/Connect/Authorize).
/// </summary>
public static class OpenIdEndpoints
{
    public static void MapOpenIdEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(OpenIdProviderSetup.TokenPath, ExchangeAsync).ExcludeFromDescription();
        endpoints.MapMethods(OpenIdProviderSetup.UserInfoPath, ["GET", "POST"], UserInfoAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext http, UserManager<HubUser> users, OpenIdPrincipals principals, OpenIdClientService clients,
        IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The code or refresh token's own principal; the member is read again, so a member locked or
            // deleted since consenting gets nothing more.
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            if (user is null || await users.IsLockedOutAsync(user))
            {
                return Refuse(Errors.InvalidGrant, "The member this grant was issued to can no longer sign in.");
            }

            var principal = principals.Create(user, await principals.GrantableAsync(user, result.Principal!.GetScopes()));
            principal.SetAuthorizationId(result.Principal!.GetAuthorizationId());
            return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
            var accountId = application is null ? null : await clients.ServiceAccountIdAsync(application, ct);
            var account = accountId is null ? null : await users.FindByIdAsync(accountId);
            if (account is null || await users.IsLockedOutAsync(account))
            {
                return Refuse(Errors.UnauthorizedClient, "This application has no service account to act as.");
            }

            // OpenIddict has already refused scopes the application may not ask for.
            var principal = principals.Create(account, request.GetScopes().Where(s => s != ApiScopes.Admin));
            return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, UserManager<HubUser> users)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null)
        {
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token's member no longer exists.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id };
        if (result.Principal!.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName;
        }

        if (result.Principal!.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email ?? "";
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }

        return Results.Ok(claims);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
