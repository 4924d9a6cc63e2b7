using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ResearchHub.Core.Security;

/// <summary>
/// The one answer for an id of a kind that can be non-public (a resource, a codebook, a meeting, its
/// documents) that the viewer may not see, the same whether the id exists or not, so the answer
/// tells nothing: an anonymous visitor is asked to sign in (they may be a member), a signed-in member
/// gets 404. Never 403, which would confirm the thing exists.
/// </summary>
public static class NotVisible
{
    public static IActionResult Page(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? new NotFoundResult() : new ChallengeResult();

    public static IResult Endpoint(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Results.NotFound() : Results.Challenge();
}
