using Microsoft.AspNetCore.Http;

namespace ResearchHub.Core.Web;

/// <summary>
/// Why a request was refused with 400, in words for the person who sent it: set before answering
/// with an empty 400, and shown by the error page the status-code pages re-execute (the same request).
/// </summary>
public static class BadRequestReason
{
    private const string ItemKey = "Hub.BadRequestReason";

    public static void Set(HttpContext http, string reason) => http.Items[ItemKey] = reason;

    public static string? Get(HttpContext http) => http.Items.TryGetValue(ItemKey, out var reason) ? reason as string : null;
}
