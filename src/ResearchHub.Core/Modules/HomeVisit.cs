using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ResearchHub.Core.Modules;

/// <summary>
/// "New since your last visit" on the home page. A first-party cookie holds two times: when the
/// visitor last saw the home page, and the start of the "new" window (0 during a first visit). A
/// visit more than <see cref="SessionGap"/> after the last one starts a new window from that last
/// one, so reloading the page does not empty the list. Sections read the window with
/// <see cref="Since"/>; null means a first visit (sections then show what is recent).
/// </summary>
public static class HomeVisit
{
    public const string CookieName = "hub_home_seen";

    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);

    private static readonly object Key = new();

    /// <summary>
    /// Reads the cookie and keeps the window for this request; the cookie is written back when the
    /// response starts (a 200), outside the page's body: the host calls this before the output cache,
    /// whose key includes <see cref="WindowKey"/>. The cookie is added when the response starts, after
    /// the output cache took the headers it stores: the anonymous home page is stored per window and
    /// each visitor, served from the cache or not, gets a cookie of their own.
    /// </summary>
    public static DateTimeOffset? Begin(HttpContext context, DateTimeOffset now)
    {
        DateTimeOffset? since = null;
        if (context.Request.Cookies.TryGetValue(CookieName, out var value) && Parse(value) is { } seen && seen.Last <= now)
        {
            since = now - seen.Last > SessionGap ? seen.Last : seen.Since;
        }

        context.Items[Key] = since;
        var text = string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeSeconds()}.{since?.ToUnixTimeSeconds() ?? 0}");
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.Cookies.Append(CookieName, text, new CookieOptions
                {
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    Path = "/",
                    MaxAge = TimeSpan.FromDays(400),
                    IsEssential = true,
                });
            }

            return Task.CompletedTask;
        });
        return since;
    }

    /// <summary>The window for this request: the one <see cref="Begin"/> found, or (not begun yet) begun now.</summary>
    public static DateTimeOffset? Track(HttpContext context, DateTimeOffset now) =>
        context.Items.TryGetValue(Key, out var value) ? value as DateTimeOffset? : Begin(context, now);

    /// <summary>
    /// What the home page's body depends on from the cookie, for the output cache's key: "" when the
    /// window was not begun (not the home page), "first" for a first visit, else the window's start.
    /// </summary>
    public static string WindowKey(HttpContext context) =>
        !context.Items.TryGetValue(Key, out var value) ? ""
        : value is DateTimeOffset since ? since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
        : "first";

    /// <summary>
    /// The start of "new" for this request: the visit window's, or on a first visit <paramref name="recent"/>
    /// before the clock's minute (the same value for a whole minute, so what a section reads from it can be
    /// kept in the content cache under that value; at most a minute behind, as the output cache is).
    /// </summary>
    public static DateTimeOffset SinceOrRecent(HttpContext context, DateTimeOffset now, TimeSpan recent) =>
        Since(context) ?? DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60) - recent;

    /// <summary>The start of "new" for this request, or null on a first visit.</summary>
    public static DateTimeOffset? Since(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) ? value as DateTimeOffset? : null;

    private static (DateTimeOffset Last, DateTimeOffset? Since)? Parse(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var since)
            || last > 253402300799 || since > last)
        {
            return null;
        }

        return (DateTimeOffset.FromUnixTimeSeconds(last), since == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(since));
    }
}
