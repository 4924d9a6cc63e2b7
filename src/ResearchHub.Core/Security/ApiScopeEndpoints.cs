using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ResearchHub.Core.Security;

/// <summary>
/// The API token scope an /api/v1 endpoint demands, as endpoint metadata: the OpenAPI document lists
/// it as the operation's security requirement, so the description cannot drift from the checks.
/// </summary>
/// <param name="Scope">The scope, e.g. "library:read" or "admin".</param>
/// <param name="AnonymousAllowed">True when callers without a token are served too (public content only).</param>
public sealed record ApiScopeMetadata(string Scope, bool AnonymousAllowed);

public static class ApiScopeEndpoints
{
    /// <summary>Only a personal API token carrying <paramref name="scope"/> (and meeting any further policies) gets in.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope, params string[] policies) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization([HubPolicies.Scope + scope, .. policies]).WithMetadata(new ApiScopeMetadata(scope, false));

    /// <summary>
    /// Anyone may call; a caller who sends a token must have <paramref name="scope"/> on it. The endpoint
    /// reads the caller with <see cref="OptionalCallerAsync"/>.
    /// </summary>
    public static TBuilder AcceptsScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new ApiScopeMetadata(scope, true));

    /// <summary>
    /// The caller of an endpoint that serves anonymous callers too: null without an Authorization
    /// header; the token's principal when it carries <paramref name="scope"/>. The default scheme is the
    /// cookie, so the bearer scheme is asked explicitly; a token that fails is a 401 and one without the
    /// scope a 403, never a silent downgrade to anonymous.
    /// </summary>
    public static async Task<(ClaimsPrincipal? Principal, ProblemHttpResult? Error)> OptionalCallerAsync(HttpContext http, string scope)
    {
        if (!http.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            return (null, null);
        }

        var result = await http.AuthenticateAsync(HubPolicies.BearerScheme);
        if (!result.Succeeded)
        {
            return (null, TypedResults.Problem(result.Failure?.Message ?? "The token was not accepted.", statusCode: StatusCodes.Status401Unauthorized));
        }

        return result.Principal.HasClaim(HubPolicies.ScopeClaim, scope)
            ? (result.Principal, null)
            : (null, TypedResults.Problem($"The token does not carry the \"{scope}\" scope.", statusCode: StatusCodes.Status403Forbidden));
    }
}
