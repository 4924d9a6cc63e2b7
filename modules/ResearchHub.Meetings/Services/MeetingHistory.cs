using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// A meeting's history. <see cref="Add"/> stages a line in the caller's unit of work, so it commits
/// with the change it describes (as the audit log does); the actor is the signed-in member of the
/// request, or "the hub" for work without one (recipes, jobs).
/// </summary>
public sealed class MeetingHistory(HubDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public void Add(long meetingId, string summary)
    {
        var user = http.HttpContext?.User is { Identity.IsAuthenticated: true } principal ? principal : null;
        var name = user is null ? "The hub" : user.FindFirstValue("display_name") ?? user.Identity?.Name ?? "An organiser";
        db.Set<MeetingChange>().Add(new MeetingChange
        {
            MeetingId = meetingId,
            At = clock.GetUtcNow(),
            ActorUserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            ActorName = name.Length > 200 ? name[..200] : name,
            Summary = summary.Length > MeetingChange.MaxSummary ? summary[..(MeetingChange.MaxSummary - 1)] + "…" : summary,
        });
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<MeetingChange>> ForMeetingAsync(long meetingId, CancellationToken ct)
    {
        var rows = await db.Set<MeetingChange>().AsNoTracking().Where(c => c.MeetingId == meetingId).ToListAsync(ct);
        return [.. rows.OrderByDescending(c => c.At).ThenByDescending(c => c.Id)];
    }
}
