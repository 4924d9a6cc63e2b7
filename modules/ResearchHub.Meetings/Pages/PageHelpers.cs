using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

internal static class PageHelpers
{
    /// <summary>The cookie holding the time zone a visitor chose to read times in.</summary>
    public const string ZoneCookie = "hub.tz";

    public static void AddProblems(this ModelStateDictionary modelState, IEnumerable<Problem> problems, string prefix = "Input")
    {
        foreach (var problem in problems)
        {
            modelState.AddModelError(problem.Field.Length == 0 || prefix.Length == 0 ? problem.Field : $"{prefix}.{problem.Field}", problem.Message);
        }
    }

    /// <summary>The visitor's chosen zone (cookie), else the given default.</summary>
    public static TimeZoneInfo ViewerZone(HttpContext http, string fallback) =>
        MeetingTime.FindZone(http.Request.Cookies[ZoneCookie]) ?? MeetingTime.ZoneOrDefault(fallback);

    public static void SetViewerZone(HttpContext http, string zoneId) =>
        http.Response.Cookies.Append(ZoneCookie, zoneId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });

    public static string LocalInput(DateTimeOffset utc, string zoneId) =>
        MeetingTime.ToLocal(utc, MeetingTime.ZoneOrDefault(zoneId)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string KindName(AgendaItemKind kind) => kind.ToString();

    public static string ChoiceLabel(PollChoice choice) => choice switch
    {
        PollChoice.Yes => "Yes",
        PollChoice.IfNeedBe => "If need be",
        _ => "No",
    };

    public static string StatusTag(MeetingStatus status) => status switch
    {
        MeetingStatus.Cancelled => "tag tag--red",
        MeetingStatus.Tentative => "tag tag--grey",
        _ => "tag tag--green",
    };

    public static string StatusText(MeetingStatus status) => status switch
    {
        MeetingStatus.Cancelled => "Cancelled",
        MeetingStatus.Tentative => "Provisional",
        _ => "Confirmed",
    };
}
