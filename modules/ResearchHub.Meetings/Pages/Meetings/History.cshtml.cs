using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The meeting's history for organisers: every change to its details, agenda, people and log, newest first.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class HistoryModel(MeetingHistory history, HubDbContext db) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public IReadOnlyList<MeetingChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (Meeting is null)
        {
            return NotFound();
        }

        Changes = await history.ForMeetingAsync(id, ct);
        return Page();
    }
}
