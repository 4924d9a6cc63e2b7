using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Ties the sign-in cookie to a <see cref="MemberSessions"/> record: a sign-in starts one, every
/// request checks it, sign-out ends it. A refresh of the cookie (a changed name, password or
/// two-step setting) keeps the cookie's properties and so its session.
/// </summary>
public sealed class SessionCookieEvents(MemberSessions sessions) : CookieAuthenticationEvents
{
    /// <summary>The id of the session the current request was made in, once the cookie has been checked.</summary>
    public static string? CurrentSessionId(HttpContext context) =>
        context.Items.TryGetValue(MemberSessions.PropertyKey, out var id) ? id as string : null;

    public override async Task SigningIn(CookieSigningInContext context)
    {
        if (context.Properties.Items.TryGetValue(MemberSessions.PropertyKey, out var existing) && existing is { Length: > 0 })
        {
            context.HttpContext.Items[MemberSessions.PropertyKey] = existing;
            return;
        }

        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A sign-in without a member id.");
        var id = await sessions.StartAsync(userId, context.HttpContext.RequestAborted);
        context.Properties.Items[MemberSessions.PropertyKey] = id;
        context.HttpContext.Items[MemberSessions.PropertyKey] = id;
    }

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        if (CurrentSessionId(context.HttpContext) is { } id)
        {
            await sessions.EndAsync(id, context.HttpContext.RequestAborted);
            context.HttpContext.Items.Remove(MemberSessions.PropertyKey);
        }
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null
            || !context.Properties.Items.TryGetValue(MemberSessions.PropertyKey, out var id) || id is null
            || !await sessions.ValidateAsync(id, userId, context.HttpContext.RequestAborted))
        {
            // Ended (sign-out, sign out everywhere, a lock...), expired, idle, or a cookie from before sessions.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }

        context.HttpContext.Items[MemberSessions.PropertyKey] = id;
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
