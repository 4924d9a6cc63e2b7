using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>
/// One agenda item for organisers: change it (a new start moves it in the timetable), or remove it
/// after a confirmation page (<c>?handler=Remove</c>), which works without JavaScript.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class EditItemModel(MeetingService meetings, MeetingQueries queries, HubDbContext db) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public AgendaItem? AgendaItem { get; private set; }
    public IReadOnlyList<MeetingPerson> People { get; private set; } = [];
    public bool ConfirmingRemoval { get; private set; }

    [BindProperty]
    public AgendaItemForm Item { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, long itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, itemId, ct))
        {
            return NotFound();
        }

        Item = AgendaItemForm.From(AgendaItem!, Meeting!);
        return Page();
    }

    public async Task<IActionResult> OnGetRemoveAsync(long id, long itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, itemId, ct))
        {
            return NotFound();
        }

        ConfirmingRemoval = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, itemId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await meetings.UpdateAgendaItemAsync(id, itemId, Item.ToInput(), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems, nameof(Item));
            return Page();
        }

        StatusMessage = $"“{outcome.Value!.Title}” has been saved.";
        return RedirectToPage("Manage", null, new { id }, "agenda-heading");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long itemId, CancellationToken ct)
    {
        var removed = await meetings.RemoveAgendaItemAsync(id, itemId, ct);
        if (!removed && !await db.Set<Meeting>().AnyAsync(m => m.Id == id, ct))
        {
            return NotFound();
        }

        StatusMessage = removed ? "The item has been removed from the agenda." : "The item had already been removed.";
        return RedirectToPage("Manage", null, new { id }, "agenda-heading");
    }

    private async Task<bool> LoadAsync(long id, long itemId, CancellationToken ct)
    {
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        AgendaItem = await db.Set<AgendaItem>().AsNoTracking().Include(i => i.Session).Include(i => i.Speakers)
            .FirstOrDefaultAsync(i => i.MeetingId == id && i.Id == itemId, ct);
        if (Meeting is null || AgendaItem is null)
        {
            return false;
        }

        People = await queries.PeopleAsync(id, ct);
        return true;
    }
}
