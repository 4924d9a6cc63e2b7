using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class NewModel(MeetingService meetings, SeriesService series) : PageModel
{
    [BindProperty]
    public MeetingForm Input { get; set; } = new();

    public IReadOnlyList<MeetingSeries> Series { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(long? seriesId, CancellationToken ct)
    {
        Input.SeriesId = seriesId;
        Series = await series.ListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Model binding has already said what it could not read (a date that is not a date, a number
        // too large, a choice not offered): that is refused before the service is asked.
        if (!ModelState.IsValid)
        {
            return await RefusedAsync(ct);
        }

        var outcome = await meetings.CreateAsync(Input.ToInput(), MeetingAccess.UserId(User), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems);
            return await RefusedAsync(ct);
        }

        StatusMessage = "The meeting has been created.";
        return Redirect(MeetingsUrls.Manage(outcome.Value!.Id));
    }

    /// <summary>The form again with its problems, answered 400: nothing was saved.</summary>
    private async Task<IActionResult> RefusedAsync(CancellationToken ct)
    {
        Series = await series.ListAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
