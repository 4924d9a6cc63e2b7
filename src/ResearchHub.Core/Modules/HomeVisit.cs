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

    /// <summary>Reads the cookie, keeps the window for this request and writes the cookie back.</summary>
    public static DateTimeOffset? Track(HttpContext context, DateTimeOffset now)
    {
        DateTimeOffset? since = null;
        if (context.Request.Cookies.TryGetValue(CookieName, out var value) && Parse(value) is { } seen && seen.Last <= now)
        {
            since = now - seen.Last > SessionGap ? seen.Last : seen.Since;
        }

        context.Items[Key] = since;
        var text = string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeSeconds()}.{since?.ToUnixTimeSeconds() ?? 0}");
        context.Response.Cookies.Append(CookieName, text, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = TimeSpan.FromDays(400),
            IsEssential = true,
        });
        return since;
    }

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
