using System.Security.Claims;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>Who may see and do what with meetings; visibility is applied inside queries.</summary>
public sealed class MeetingAccess(PermissionService permissions)
{
    public static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public bool CanManage(ClaimsPrincipal user) => permissions.Has(user, Permissions.Manage);

    public bool CanParticipate(ClaimsPrincipal user) => permissions.Has(user, Permissions.Participate);

    /// <summary>Public meetings for everyone; network meetings for members (and organisers).</summary>
    public IQueryable<Meeting> Visible(IQueryable<Meeting> meetings, ClaimsPrincipal user) =>
        CanParticipate(user) || CanManage(user) ? meetings : meetings.Where(m => m.Visibility == MeetingVisibility.Public);

    public bool CanSee(Meeting meeting, ClaimsPrincipal user) =>
        meeting.Visibility == MeetingVisibility.Public || CanParticipate(user) || CanManage(user);

    /// <summary>Members with a role see network meetings; used for calendar feeds, where there is no principal.</summary>
    public static IQueryable<Meeting> VisibleToMember(IQueryable<Meeting> meetings, bool isMember) =>
        isMember ? meetings : meetings.Where(m => m.Visibility == MeetingVisibility.Public);
}
