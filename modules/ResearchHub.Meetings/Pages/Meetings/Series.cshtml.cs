using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>A series: its meetings, the actions still open (carried over), and the learning log of the meetings the visitor may see.</summary>
public sealed class SeriesModel(SeriesService series, MeetingQueries queries, MeetingAccess access, HubDbContext db) : PageModel
{
    public SeriesStatus? Status { get; private set; }
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<LogEntry> OpenActions { get; private set; } = [];
    public IReadOnlyList<LogEntry> Learning { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var found = await series.FindAsync(slug, ct);
        if (found is null)
        {
            return NotFound();
        }

        Status = await series.StatusAsync(found, ct);
        CanManage = access.CanManage(User);
        Meetings = await queries.ListAsync(User, found.Id, ct);
        var visibleIds = Meetings.Select(m => m.Id).ToList();
        var log = await db.Set<LogEntry>().AsNoTracking()
            .Where(e => visibleIds.Contains(e.MeetingId))
            .OrderBy(e => e.MeetingId).ThenBy(e => e.Order)
            .ToListAsync(ct);
        OpenActions = [.. log.Where(e => e.Status == LogEntryStatus.Open && e.Kind != LogEntryKind.Reflection).OrderBy(e => e.DueOn ?? DateOnly.MaxValue)];
        Learning = [.. log.Where(e => e.Kind != LogEntryKind.Action)];
        return Page();
    }
}
