using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>A meeting: details, people, registration, and what was carried over and decided.</summary>
public sealed class ShowModel(
    MeetingQueries queries,
    MeetingAccess access,
    RegistrationService registrations,
    FollowUpService followUp,
    QuestionnaireService questionnaires,
    DocumentService documents,
    TimeProvider clock) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public IReadOnlyList<MeetingPerson> People { get; private set; } = [];
    public Registration? Registration { get; private set; }
    public IReadOnlyList<LogEntry> CarriedOver { get; private set; } = [];
    public IReadOnlyList<LogEntry> Log { get; private set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];
    public int PlacesTaken { get; private set; }
    public bool CanManage { get; private set; }
    public bool CanParticipate { get; private set; }
    public bool ShowOnlineLink { get; private set; }
    public bool IsOver { get; private set; }
    public bool HasMinutes { get; private set; }
    public bool ReportVisible { get; private set; }
    public bool HasQuestionnaire { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public RegistrationForm Input { get; set; } = new();

    public sealed class RegistrationForm
    {
        [Required(ErrorMessage = "Choose yes, maybe or no")]
        public RegistrationResponse? Response { get; set; }

        [StringLength(2000, ErrorMessage = "Access needs can be up to 2,000 characters")]
        public string? AccessNeeds { get; set; }

        [StringLength(2000, ErrorMessage = "Dietary needs can be up to 2,000 characters")]
        public string? DietaryNeeds { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotVisible.Page(User);
        }

        if (Registration is { } r)
        {
            Input = new RegistrationForm { Response = r.Response, AccessNeeds = r.AccessNeeds, DietaryNeeds = r.DietaryNeeds };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(long id, CancellationToken ct)
    {
        if (!access.CanParticipate(User))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotVisible.Page(User);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await registrations.RegisterAsync(id, MeetingAccess.UserId(User)!,
            new RegistrationInput(Input.Response!.Value, Input.AccessNeeds, Input.DietaryNeeds), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems);
            return Page();
        }

        var r = outcome.Value!;
        StatusMessage = r.TakesPlace ? "You are registered: you have a place."
            : r.Status == RegistrationStatus.Waitlisted ? "The meeting is full: you are on the waiting list."
            : r.Response == RegistrationResponse.Maybe ? "Saved: you might come."
            : "Saved: you are not coming.";
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
        CanParticipate = access.CanParticipate(User);
        People = await queries.PeopleAsync(id, ct);
        Registration = await queries.RegistrationAsync(id, MeetingAccess.UserId(User), ct);
        PlacesTaken = await queries.PlacesTakenAsync(id, ct);
        ShowOnlineLink = CanManage || Registration?.TakesPlace == true || Registration?.Response == RegistrationResponse.Maybe;
        IsOver = Meeting.EndUtc <= clock.GetUtcNow();
        CarriedOver = await followUp.CarriedOverAsync(Meeting, ct);
        Log = await followUp.LogForMeetingAsync(id, ct);
        HasMinutes = (await followUp.RevisionsAsync(id, ct)).Count > 0;
        ReportVisible = (await followUp.ReportAsync(id, ct)) is { Status: not ReportStatus.Draft } report
            && (report.Status == ReportStatus.Published || CanParticipate);
        HasQuestionnaire = await questionnaires.ForMeetingAsync(id, ct) is { } questionnaire && questionnaire.IsOpenAt(clock.GetUtcNow());
        Documents = await documents.ForMeetingAsync(id, ct);
        return true;
    }
}
