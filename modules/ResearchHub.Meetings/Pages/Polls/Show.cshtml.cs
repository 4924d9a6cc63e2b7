using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Polls;

/// <summary>
/// A date poll: the member's answer (changeable until it closes), the totals with the best slots,
/// and for organisers the close-and-pick form. Times are shown in the zone the member chose
/// (kept in a cookie), defaulting to the poll's first slot's zone.
/// </summary>
[Authorize]
public sealed class ShowModel(PollService polls, MeetingAccess access) : PageModel
{
    public DatePoll? Poll { get; private set; }
    public PollResults? Results { get; private set; }
    public PollSlot? ChosenSlot { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public bool CanManage { get; private set; }
    public bool CanAnswer { get; private set; }
    public bool ShowNames { get; private set; }
    public IReadOnlyDictionary<long, PollChoice> MyChoices { get; private set; } = new Dictionary<long, PollChoice>();
    public string? MyComment { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public IActionResult OnPostZone(long id, string? zone)
    {
        if (MeetingTime.IsKnownZone(zone))
        {
            PageHelpers.SetViewerZone(HttpContext, MeetingTime.FindZone(zone)!.Id);
        }

        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, Dictionary<long, PollChoice> choices, string? comment, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError("", "Answer each slot with yes, if need be or no.");
            return Page();
        }

        var outcome = await polls.AnswerAsync(id, MeetingAccess.UserId(User)!, choices, comment, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems);
            return Page();
        }

        StatusMessage = "Your answer has been saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, long? slotId, CancellationToken ct)
    {
        if (!access.CanManage(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await polls.CloseAsync(id, slotId ?? 0, MeetingAccess.UserId(User)!, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems);
            return Page();
        }

        StatusMessage = "The poll is closed and the invitations are on their way.";
        return Redirect(MeetingsUrls.Meeting(outcome.Value!.Id));
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Poll = await polls.GetAsync(id, ct);
        var userId = MeetingAccess.UserId(User)!;
        CanManage = access.CanManage(User);
        var invited = Poll is not null && await polls.IsInvitedAsync(id, userId, ct);
        if (Poll is null || !(CanManage || invited || Poll.CreatedByUserId == userId))
        {
            return false;
        }

        Zone = PageHelpers.ViewerZone(HttpContext, Poll.Slots.FirstOrDefault()?.TimeZoneId ?? Meeting.DefaultTimeZone);
        Results = await polls.ResultsAsync(Poll, ct);
        ChosenSlot = Poll.Slots.FirstOrDefault(s => s.Id == Poll.ChosenSlotId);
        CanAnswer = Poll.Status == PollStatus.Open && (invited || Poll.CreatedByUserId == userId);
        ShowNames = !Poll.HideParticipants || CanManage;
        var mine = Results.Participants.FirstOrDefault(p => p.UserId == userId);
        MyChoices = mine?.Choices ?? new Dictionary<long, PollChoice>();
        MyComment = mine?.Comment;
        return true;
    }
}
