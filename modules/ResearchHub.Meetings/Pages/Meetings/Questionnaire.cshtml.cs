using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The anonymous pre-meeting questionnaire: members answer once; organisers see answers without names and file them under themes.</summary>
[Authorize]
public sealed class QuestionnaireModel(MeetingQueries queries, QuestionnaireService questionnaires, MeetingAccess access, TimeProvider clock) : PageModel
{
    /// <summary>Open and before its closing time, now.</summary>
    public bool IsOpenNow { get; private set; }

    /// <summary>The organiser's closing time as typed back into the form after a refusal.</summary>
    public string? ClosesLocalInput { get; private set; }

    public Meeting? Meeting { get; private set; }
    public Questionnaire? Questionnaire { get; private set; }
    public bool HasResponded { get; private set; }
    public bool CanManage { get; private set; }
    public int Respondents { get; private set; }
    public IReadOnlyList<AnonymousAnswer> Answers { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotVisible.Page(User);

    public async Task<IActionResult> OnPostRespondAsync(long id, Dictionary<long, string> answers, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Questionnaire is null || !access.CanParticipate(User))
        {
            return NotFound();
        }

        var outcome = await questionnaires.RespondAsync(Questionnaire.Id, MeetingAccess.UserId(User)!, answers, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems);
            return Page();
        }

        StatusMessage = "Thank you: your answers have been recorded anonymously.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, string? intro, string? questionsText, bool isOpen, string? closesLocal, CancellationToken ct)
    {
        if (!access.CanManage(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotVisible.Page(User);
        }

        ClosesLocalInput = closesLocal;
        DateTimeOffset? closesAt = null;
        if (!string.IsNullOrWhiteSpace(closesLocal))
        {
            // A wall-clock time in the meeting's zone, as the form's hint says.
            if (!DateTime.TryParseExact(closesLocal.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                ModelState.AddModelError("ClosesLocal", "Give the closing time as a date and time, like 2030-05-01T17:00, or leave it empty.");
                return Page();
            }

            closesAt = MeetingTime.ToUtc(local, MeetingTime.ZoneOrDefault(Meeting!.TimeZoneId), out var error);
            if (closesAt is null)
            {
                ModelState.AddModelError("ClosesLocal", error!);
                return Page();
            }
        }

        var outcome = await questionnaires.SaveAsync(id, intro, (questionsText ?? "").Split('\n', StringSplitOptions.TrimEntries), isOpen, closesAt, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems, "");
            return Page();
        }

        StatusMessage = "The questionnaire has been saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostThemeAsync(long id, Guid answerId, string? theme, CancellationToken ct)
    {
        if (!access.CanManage(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(id, ct) || Questionnaire is null)
        {
            return NotFound();
        }

        await questionnaires.SetThemeAsync(Questionnaire.Id, answerId, theme, ct);
        StatusMessage = "The theme has been saved.";
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
        Questionnaire = await questionnaires.ForMeetingAsync(id, ct);
        if (Questionnaire is not null)
        {
            IsOpenNow = Questionnaire.IsOpenAt(clock.GetUtcNow());
            HasResponded = await questionnaires.HasRespondedAsync(Questionnaire.Id, MeetingAccess.UserId(User)!, ct);
            if (CanManage)
            {
                (Respondents, Answers) = await questionnaires.ResultsAsync(Questionnaire, ct);
            }
        }

        return true;
    }
}
