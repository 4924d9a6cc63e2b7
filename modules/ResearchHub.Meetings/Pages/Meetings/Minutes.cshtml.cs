using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The minutes with their revision history (who and when); organisers save new revisions.</summary>
public sealed class MinutesModel(MeetingQueries queries, FollowUpService followUp, MeetingAccess access) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public IReadOnlyList<MinutesRevision> Revisions { get; private set; } = [];
    public MinutesRevision? Shown { get; private set; }
    public bool CanManage { get; private set; }

    [BindProperty]
    public string? Body { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, int? rev, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return this.NotVisible();
        }

        Shown = rev is null ? Revisions.FirstOrDefault() : Revisions.FirstOrDefault(r => r.Number == rev);
        return rev is not null && Shown is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? note, int baseNumber, CancellationToken ct)
    {
        if (!access.CanManage(User))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var name = User.FindFirst("display_name")?.Value ?? User.Identity?.Name ?? "An organiser";
        var outcome = await followUp.SaveMinutesAsync(id, Body, note, baseNumber, MeetingAccess.UserId(User), name, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems, "");

            Shown = Revisions.FirstOrDefault();
            return Page();
        }

        StatusMessage = $"Revision {outcome.Value!.Number} has been saved.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Meeting = await queries.FindVisibleAsync(id, User, ct);
        if (Meeting is null)
        {
            return false;
        }

        CanManage = access.CanManage(User);
        Revisions = await followUp.RevisionsAsync(id, ct);
        return true;
    }
}
