using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>An action or learning-log entry for organisers: change it, or remove it after a confirmation page.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class EditLogEntryModel(FollowUpService followUp, HubDbContext db) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public LogEntry? Entry { get; private set; }
    public bool ConfirmingRemoval { get; private set; }

    [BindProperty]
    public LogEntryForm LogInput { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, long entryId, CancellationToken ct)
    {
        if (!await LoadAsync(id, entryId, ct))
        {
            return NotFound();
        }

        LogInput = LogEntryForm.From(Entry!);
        return Page();
    }

    public async Task<IActionResult> OnGetRemoveAsync(long id, long entryId, CancellationToken ct)
    {
        if (!await LoadAsync(id, entryId, ct))
        {
            return NotFound();
        }

        ConfirmingRemoval = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long entryId, CancellationToken ct)
    {
        if (!await LoadAsync(id, entryId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await followUp.UpdateLogEntryAsync(id, entryId, LogInput.ToInput(), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems, nameof(LogInput));
            return Page();
        }

        StatusMessage = "The log entry has been saved.";
        return RedirectToPage("Manage", null, new { id }, "log-heading");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long entryId, CancellationToken ct)
    {
        var removed = await followUp.RemoveLogEntryAsync(id, entryId, ct);
        if (!removed && !await db.Set<Meeting>().AnyAsync(m => m.Id == id, ct))
        {
            return NotFound();
        }

        StatusMessage = removed ? "The entry has been removed from the log." : "The entry had already been removed.";
        return RedirectToPage("Manage", null, new { id }, "log-heading");
    }

    private async Task<bool> LoadAsync(long id, long entryId, CancellationToken ct)
    {
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        Entry = await db.Set<LogEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.MeetingId == id && e.Id == entryId, ct);
        return Meeting is not null && Entry is not null;
    }
}
