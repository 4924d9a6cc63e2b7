using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>A host or speaker of a meeting for organisers: change them, or remove them after a confirmation page.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class EditPersonModel(MeetingService meetings, HubDbContext db, IMemberDirectory directory) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public MeetingPerson? Role { get; private set; }
    public int OtherMeetings { get; private set; }
    public bool ConfirmingRemoval { get; private set; }

    [BindProperty]
    public PersonForm PersonInput { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, long personId, CancellationToken ct)
    {
        if (!await LoadAsync(id, personId, ct))
        {
            return NotFound();
        }

        var email = Role!.Person!.UserId is { } userId
            ? (await directory.FindAsync(userId, ct))?.Email
            : null;
        PersonInput = PersonForm.From(Role, email);
        return Page();
    }

    public async Task<IActionResult> OnGetRemoveAsync(long id, long personId, CancellationToken ct)
    {
        if (!await LoadAsync(id, personId, ct))
        {
            return NotFound();
        }

        ConfirmingRemoval = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long personId, CancellationToken ct)
    {
        if (!await LoadAsync(id, personId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await meetings.UpdatePersonAsync(id, personId, PersonInput.ToInput(), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems, nameof(PersonInput));
            return Page();
        }

        StatusMessage = $"{outcome.Value!.Person!.Name} has been saved.";
        return RedirectToPage("Manage", null, new { id }, "people-heading");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long personId, CancellationToken ct)
    {
        var removed = await meetings.RemovePersonAsync(id, personId, ct);
        if (!removed && !await db.Set<Meeting>().AnyAsync(m => m.Id == id, ct))
        {
            return NotFound();
        }

        StatusMessage = removed ? "The person has been removed from the meeting." : "The person had already been removed.";
        return RedirectToPage("Manage", null, new { id }, "people-heading");
    }

    private async Task<bool> LoadAsync(long id, long personId, CancellationToken ct)
    {
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        Role = await db.Set<MeetingPerson>().AsNoTracking().Include(p => p.Person)
            .FirstOrDefaultAsync(p => p.MeetingId == id && p.Id == personId, ct);
        if (Meeting is null || Role is null)
        {
            return false;
        }

        OtherMeetings = await db.Set<MeetingPerson>().Where(p => p.PersonId == Role.PersonId && p.MeetingId != id)
            .Select(p => p.MeetingId).Distinct().CountAsync(ct);
        return true;
    }
}
