using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The organiser's page for one meeting: agenda, documents, people, invitations, the log, details and cancellation.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
[DocumentUploadLimit]
public sealed class ManageModel(
    MeetingService meetings,
    DocumentService documents,
    MeetingQueries queries,
    SeriesService series,
    FollowUpService followUp,
    HubDbContext db,
    IMemberDirectory directory) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public IReadOnlyList<AgendaRow> Rows { get; private set; } = [];
    public IReadOnlyList<MeetingPerson> People { get; private set; } = [];
    public IReadOnlyList<MeetingSeries> Series { get; private set; } = [];
    public IReadOnlyList<LogEntry> Log { get; private set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];
    public long MaxDocumentBytes => documents.MaxBytes;

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public MeetingForm Input { get; set; } = new();

    [BindProperty]
    public AgendaItemForm Item { get; set; } = new();

    [BindProperty]
    public PersonForm PersonInput { get; set; } = new();

    [BindProperty]
    public LogEntryForm LogInput { get; set; } = new();

    [BindProperty]
    public DocumentForm DocumentInput { get; set; } = new();

    [BindProperty]
    public string? InviteEmails { get; set; }

    [BindProperty]
    public bool InviteAll { get; set; }

    [BindProperty]
    public string? CancelReason { get; set; }

    public sealed class DocumentForm
    {
        public string? Title { get; set; }
        public long? AgendaItemId { get; set; }
        public IFormFile? File { get; set; }
    }

    /// <param name="theme">A questionnaire theme to turn into a discussion item (the agenda form comes prefilled).</param>
    public async Task<IActionResult> OnGetAsync(long id, string? theme, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = MeetingForm.From(Meeting!);
        // An upload stopped for its size by [DocumentUploadLimit] comes back here as a GET, with the reason.
        if (TempData[DocumentUploadLimitAttribute.ProblemsKey] is string tooLarge)
        {
            ModelState.AddModelError($"{nameof(DocumentInput)}.{nameof(DocumentForm.File)}", tooLarge);
        }

        if (!string.IsNullOrWhiteSpace(theme))
        {
            Item = new AgendaItemForm { Title = theme.Trim(), Kind = AgendaItemKind.Discussion };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken ct)
    {
        ClearOthers(nameof(Input));
        var outcome = ModelState.IsValid ? await meetings.UpdateAsync(id, Input.ToInput(), ct) : Outcome<Meeting>.Fail([]);
        return await Done(id, outcome.Problems, nameof(Input), "The meeting has been saved.", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        ClearOthers();
        var outcome = await meetings.CancelAsync(id, CancelReason, ct);
        return await Done(id, outcome.Problems, "", "The meeting has been cancelled and everyone invited or registered has been told.", ct);
    }

    public async Task<IActionResult> OnPostAddItemAsync(long id, CancellationToken ct)
    {
        ClearOthers(nameof(Item));
        var outcome = ModelState.IsValid
            ? await meetings.AddAgendaItemAsync(id, Item.ToInput(), ct)
            : Outcome<AgendaItem>.Fail([]);
        return await Done(id, outcome.Problems, nameof(Item), "The item has been added to the agenda.", ct);
    }

    public async Task<IActionResult> OnPostUploadDocumentAsync(long id, CancellationToken ct)
    {
        ClearOthers(nameof(DocumentInput));
        var file = DocumentInput.File is { FileName.Length: > 0 } f ? f : null;
        Outcome<MeetingDocument> outcome;
        await using (var content = file?.OpenReadStream())
        {
            outcome = await documents.AddAsync(id, new DocumentFields(DocumentInput.Title, DocumentInput.AgendaItemId), content, file?.FileName, ct);
        }

        return await Done(id, outcome.Problems, nameof(DocumentInput), $"“{outcome.Value?.Title}” has been added to the meeting's documents.", ct);
    }

    public async Task<IActionResult> OnPostDeleteDocumentAsync(long id, long documentId, CancellationToken ct)
    {
        StatusMessage = await documents.DeleteAsync(id, documentId, ct) ? "The document has been removed." : "The document had already been removed.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAddPersonAsync(long id, CancellationToken ct)
    {
        ClearOthers(nameof(PersonInput));
        var outcome = await meetings.AddPersonAsync(id, PersonInput.Name, PersonInput.Affiliation, PersonInput.Biography, PersonInput.Role, PersonInput.MemberEmail, ct);
        return await Done(id, outcome.Problems, nameof(PersonInput), $"{PersonInput.Name?.Trim()} has been added.", ct);
    }

    /// <summary>Moves a host or speaker up (-1) or down (+1) among the meeting's people of the same part.</summary>
    public async Task<IActionResult> OnPostMovePersonAsync(long id, long personId, int direction, CancellationToken ct)
    {
        StatusMessage = await meetings.MovePersonAsync(id, personId, direction, ct) ? "The order of the people has been changed." : "That person cannot move further.";
        return RedirectToPage(null, null, new { id }, "people-heading");
    }

    public async Task<IActionResult> OnPostInviteAsync(long id, CancellationToken ct)
    {
        ClearOthers(nameof(InviteEmails));
        var emails = (InviteEmails ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToUpperInvariant()).ToList();
        var users = InviteAll
            ? [.. (await directory.AllAsync(ct)).Select(m => (m.Id, NormalizedEmail: m.Email?.ToUpperInvariant()))]
            : (await directory.FindByEmailAsync(emails, ct)).Select(p => (p.Value.Id, NormalizedEmail: (string?)p.Key)).ToList();
        var missing = emails.Where(e => users.All(u => u.NormalizedEmail != e)).ToList();
        if (missing.Count > 0 || users.Count == 0)
        {
            var problem = missing.Count > 0
                ? new Problem("", $"No member has the address {string.Join(", ", missing.Select(m => m.ToLowerInvariant()))}.")
                : new Problem("", "Give at least one member's email address, or invite everyone.");
            return await Done(id, [problem], nameof(InviteEmails), "", ct);
        }

        var outcome = await meetings.InviteAsync(id, [.. users.Select(u => u.Id)], ct);
        return await Done(id, outcome.Problems, nameof(InviteEmails),
            outcome.Value == 0 ? "Everyone named was already invited." : $"{outcome.Value} invitation(s) sent.", ct);
    }

    public async Task<IActionResult> OnPostAddLogAsync(long id, CancellationToken ct)
    {
        ClearOthers(nameof(LogInput));
        var outcome = ModelState.IsValid
            ? await followUp.AddLogEntryAsync(id, LogInput.ToInput(), ct)
            : Outcome<LogEntry>.Fail([]);
        return await Done(id, outcome.Problems, nameof(LogInput), "Added to the log.", ct);
    }

    public async Task<IActionResult> OnPostLogStatusAsync(long id, long entryId, LogEntryStatus status, CancellationToken ct)
    {
        StatusMessage = !await followUp.SetLogStatusAsync(id, entryId, status, ct) ? "That log entry no longer exists."
            : status == LogEntryStatus.Closed ? "The entry is closed." : "The entry is open again.";
        return RedirectToPage(new { id });
    }

    /// <summary>Redirects with the message on success; otherwise shows the page with the problems, nothing saved.</summary>
    private async Task<IActionResult> Done(long id, IReadOnlyList<Problem> problems, string prefix, string message, CancellationToken ct)
    {
        if (problems.Count == 0 && ModelState.IsValid)
        {
            StatusMessage = message;
            return RedirectToPage(new { id });
        }

        ModelState.AddProblems(problems, prefix);
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (prefix != nameof(Input))
        {
            Input = MeetingForm.From(Meeting!);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest; // refused: the form again with its problems
        return Page();
    }

    /// <summary>Every form's fields are bound on each post; only the submitted form's problems count.</summary>
    private void ClearOthers(string? keep = null)
    {
        foreach (var key in ModelState.Keys.ToList())
        {
            if (keep is null || !key.StartsWith(keep, StringComparison.Ordinal))
            {
                ModelState.Remove(key);
            }
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (Meeting is null)
        {
            return false;
        }

        Rows = await meetings.AgendaAsync(id, ct);
        People = await queries.PeopleAsync(id, ct);
        Series = await series.ListAsync(ct);
        Log = await followUp.LogForMeetingAsync(id, ct);
        Documents = await documents.ForMeetingAsync(id, ct);
        return true;
    }
}
