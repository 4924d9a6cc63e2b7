using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// The output cache for signed-in members: GETs of pages and API lists, each entry private to one
/// browser (or one API token). The key has everything <see cref="AnonymousPageCachePolicy"/> varies by
/// (path, query, Accept, the change stamp, the minute, the time zone, the home window) and a hash of
/// who asks: the member's id, the session the cookie belongs to, the Authorization header and every
/// cookie the browser sent (the sign-in cookie, the antiforgery cookie the page's forms' tokens are bound
/// to...; but the time-zone and home-visit cookies, which are in the key as what the page reads from them).
/// A page is then served only to a request that would render the same page: same member, same claims,
/// same cookies, same content (any committed write raises the stamp; role and membership changes are
/// writes), same minute.
/// Authentication, authorization and the member-session check run before it (the pipeline puts
/// the output cache after them), so a signed-out, revoked or expired session is never served; a request
/// with an API token authenticates it here first (the API endpoints read the token themselves), and one
/// that fails is not cached. Never: /account, /connect and /admin (and /api/v1/admin): pages that show
/// sessions, tokens, keys, the outbox or the audit log, which do not raise the stamp; a request bringing
/// a message to show once (TempData); a response that is not 200, sets a cookie (the first page that issues
/// the antiforgery cookie, a renewed sign-in cookie), widened its Content-Security-Policy, or forbids
/// caching for any other reason than the antiforgery's own "no-cache, no-store" (kept on the stored
/// response, so browsers and proxies never keep it). A request with "Cache-Control: no-cache" (a hard
/// reload) is answered fresh (and the answer stored).
/// </summary>
public sealed class MemberPageCachePolicy(TimeSpan lifetime) : IOutputCachePolicy
{
    /// <summary>The Cache-Control the antiforgery system puts on a page with a token (the entry is private to the browser's own cookies).</summary>
    private const string AntiforgeryCacheControl = "no-cache, no-store";

    /// <summary>The HttpContext item the Accounts module's cookie check puts the session id under (MemberSessions.PropertyKey).</summary>
    private const string MemberSessionItem = "hub.session";

    private static readonly string[] Denied = ["/account", "/connect", "/admin", "/api/v1/admin", "/healthz", "/readyz"];

    public TimeSpan Lifetime { get; } = lifetime;

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var token = request.Headers.Authorization;
        if (!HttpMethods.IsGet(request.Method)
            || (http.User.Identity?.IsAuthenticated != true && StringValues.IsNullOrEmpty(token))
            || request.Cookies.ContainsKey(AnonymousPageCachePolicy.TempDataCookie)
            || Denied.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var user = http.User;
        if (!StringValues.IsNullOrEmpty(token))
        {
            // The API reads the token in the endpoint: check it now (the handler keeps the answer for the
            // endpoint), so a revoked or expired token is never served what it was once answered.
            var result = await http.AuthenticateAsync(HubPolicies.BearerScheme);
            if (!result.Succeeded)
            {
                return;
            }

            user = result.Principal;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(userId))
        {
            return;
        }

        if (!await AnonymousPageCachePolicy.VaryAsync(context, cancellation))
        {
            return;
        }

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = !NoCacheRequested(request.Headers.CacheControl) && !NoCacheRequested(request.Headers.Pragma);
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.VaryByValues["member"] = Who(request, userId);
        http.Items[AnonymousPageCachePolicy.HandledItem] = this;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!http.Items.TryGetValue(AnonymousPageCachePolicy.HandledItem, out var handler) || !ReferenceEquals(handler, this))
        {
            return ValueTask.CompletedTask;
        }

        var response = http.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || !AnonymousPageCachePolicy.OnlyClearsTempData(response.Headers.SetCookie)
            || http.Items.ContainsKey(ContentSecurity.FormActionOriginItem)
            || !CacheControlAllows(response.Headers.CacheControl))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Who asks, as a hash (the key is kept in memory; no cookie or token in it): the member, the
    /// session, the Authorization header and every cookie but those the key has already as what pages read from them.
    /// </summary>
    private static string Who(HttpRequest request, string userId)
    {
        var text = new StringBuilder();
        text.Append(userId).Append('\n');
        text.Append(request.HttpContext.Items.TryGetValue(MemberSessionItem, out var session) ? session as string : "").Append('\n');
        text.Append(request.Headers.Authorization.ToString()).Append('\n');
        foreach (var cookie in request.Cookies.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (cookie.Key is AnonymousPageCachePolicy.TimeZoneCookie or HomeVisit.CookieName)
            {
                continue;
            }

            text.Append(cookie.Key).Append('=').Append(cookie.Value).Append('\n');
        }

        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static bool NoCacheRequested(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is not null && value.Contains("no-cache", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No Cache-Control, or only the antiforgery's "no-cache, no-store"; anything else that forbids caching (private, no-store set by the page) is respected.</summary>
    private static bool CacheControlAllows(StringValues cacheControl)
    {
        foreach (var value in cacheControl)
        {
            if (value is null || string.Equals(value.Replace(" ", "", StringComparison.Ordinal), AntiforgeryCacheControl.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (value.Contains("no-store", StringComparison.OrdinalIgnoreCase)
                || value.Contains("no-cache", StringComparison.OrdinalIgnoreCase)
                || value.Contains("private", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
