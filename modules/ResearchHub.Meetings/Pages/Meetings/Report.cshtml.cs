using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The post-meeting report: organisers draft it, participants comment within the review window, then it is published.</summary>
public sealed class ReportModel(MeetingQueries queries, FollowUpService followUp, MeetingAccess access, TimeProvider clock) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public MeetingReport? Report { get; private set; }
    public IReadOnlyList<ReportComment> Comments { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool CanComment { get; private set; }

    [BindProperty]
    public string? Body { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : this.NotVisible();

    public async Task<IActionResult> OnPostSaveAsync(long id, int? reviewDays, CancellationToken ct)
    {
        if (!access.CanManage(User))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        return await Handle(id, () => followUp.SaveReportAsync(id, Body, reviewDays, ct),
            reviewDays is null ? "The draft has been saved." : "The report is open for participants' review.", ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken ct)
    {
        if (!access.CanManage(User))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        return await Handle(id, () => followUp.PublishAsync(id, ct), "The report has been published.", ct);
    }

    public async Task<IActionResult> OnPostCommentAsync(long id, string? text, CancellationToken ct)
    {
        if (!access.CanParticipate(User))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        var name = User.FindFirst("display_name")?.Value ?? User.Identity?.Name ?? "A participant";
        return await Handle(id, () => followUp.CommentAsync(id, MeetingAccess.UserId(User)!, name, text, ct), "Thank you: your comment has been added.", ct);
    }

    private async Task<IActionResult> Handle<T>(long id, Func<Task<Outcome<T>>> action, string message, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await action();
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems, "");
            return Page();
        }

        StatusMessage = message;
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
        Report = await followUp.ReportAsync(id, ct);
        // A report under review is for the network's members (the participants), not the public.
        if (Report is { Status: ReportStatus.InReview } && !access.CanParticipate(User))
        {
            Report = null;
        }

        Comments = Report is null ? [] : await followUp.CommentsAsync(Report.Id, ct);
        CanComment = Report is { Status: ReportStatus.InReview } && Report.ReviewClosesAt > clock.GetUtcNow() && access.CanParticipate(User);
        return true;
    }
}
