using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Web;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// The output cache's one policy: anonymous GETs of pages and API lists, stored in memory for
/// <see cref="Lifetime"/> at most, keyed on the path, every query-string value, Accept, the time-zone
/// cookie (meeting times are shown in the visitor's zone), the home page's "new since your last visit"
/// window (<see cref="HomeVisit.WindowKey"/>; its cookie is written when the response starts, after the
/// cache took the response's headers: never stored, each visitor gets their own), the clock's minute (what changes with time
/// alone is at most a minute behind) and the database's <see cref="ChangeStamp"/>:
/// after any committed write to content, on any node, the stamp differs and nothing cached before is
/// served. Never: a signed-in member (or any request with an Authorization header), a request bringing
/// a message to show once (TempData), and never a response that sets a cookie (but for the empty TempData cookie's
/// deletion, the same for everyone, and the home page's visit cookie, added outside the stored headers), forbids caching (an antiforgery token in a
/// form makes the response no-store), is not 200, or widened its Content-Security-Policy.
/// </summary>
public sealed class AnonymousPageCachePolicy(TimeSpan lifetime) : IOutputCachePolicy
{
    public const string TimeZoneCookie = "hub.tz";

    /// <summary>The cookie that carries a message to show once (TempData): requests bringing it are never cached.</summary>
    internal const string TempDataCookie = "hub.tempdata";

    public TimeSpan Lifetime { get; } = lifetime;

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method)
            || http.User.Identity?.IsAuthenticated == true
            || !StringValues.IsNullOrEmpty(request.Headers.Authorization)
            || request.Cookies.ContainsKey(TempDataCookie)
            || request.Path.StartsWithSegments("/account")
            || request.Path.StartsWithSegments("/connect")
            || request.Path.StartsWithSegments("/healthz")
            || request.Path.StartsWithSegments("/readyz"))
        {
            return;
        }

        if (!await VaryAsync(context, cancellation))
        {
            return;
        }

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        http.Items[HandledItem] = this;
    }

    /// <summary>
    /// What every cached page varies by, anonymous or signed in: the query, Accept, the change stamp, the
    /// time zone, the home window, the minute. The stamp is the request's own (<see cref="ContentCache"/>:
    /// the page, when rendered, reads its cached content under the same one). False before the stamp's
    /// migration has run: nothing is cached then.
    /// </summary>
    internal static async Task<bool> VaryAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (await http.RequestServices.GetRequiredService<ContentCache>().StampAsync(cancellation) is not { } stamp)
        {
            return false;
        }

        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = HeaderNames.Accept;
        context.CacheVaryByRules.VaryByValues["stamp"] = stamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.CacheVaryByRules.VaryByValues["tz"] = http.Request.Cookies[TimeZoneCookie] ?? "";
        // The home page's "new since your last visit": first visits share one entry, returning visitors one per window.
        context.CacheVaryByRules.VaryByValues["home"] = HomeVisit.WindowKey(http);
        // Pages that change with the clock alone (upcoming meetings, "the last 30 days") are at most a minute behind it.
        var minute = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds() / 60;
        context.CacheVaryByRules.VaryByValues["minute"] = minute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>HttpContext.Items key: the policy that enabled caching for this request (each judges only its own responses).</summary>
    internal static readonly object HandledItem = new();

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!http.Items.TryGetValue(HandledItem, out var handler) || !ReferenceEquals(handler, this))
        {
            return ValueTask.CompletedTask;
        }

        var response = http.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || http.User.Identity?.IsAuthenticated == true
            || !OnlyClearsTempData(response.Headers.SetCookie)
            || http.Items.ContainsKey(ContentSecurity.FormActionOriginItem)
            || ForbidsCaching(response.Headers.CacheControl))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// No cookie set, or only the empty TempData cookie's deletion that every page with a TempData
    /// property sends (the same for every visitor: requests that bring a TempData cookie are not cached),
    /// and the home page's visit cookie: <see cref="HomeVisit.Begin"/> adds it when the response starts,
    /// which is after the output cache copied the headers it stores (at the body's first write), so
    /// the stored entry never holds it and every visitor, served from the cache or not, gets their own.
    /// </summary>
    internal static bool OnlyClearsTempData(StringValues setCookie)
    {
        foreach (var value in setCookie)
        {
            if (value is null || !(value.StartsWith(TempDataCookie + "=;", StringComparison.Ordinal)
                || value.StartsWith(HomeVisit.CookieName + "=", StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ForbidsCaching(StringValues cacheControl)
    {
        foreach (var value in cacheControl)
        {
            if (value is not null && (value.Contains("no-store", StringComparison.OrdinalIgnoreCase)
                || value.Contains("no-cache", StringComparison.OrdinalIgnoreCase)
                || value.Contains("private", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
