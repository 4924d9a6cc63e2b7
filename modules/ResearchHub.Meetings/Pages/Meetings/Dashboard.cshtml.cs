using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>For organisers: when each series' next meeting is due, with a warning when none is scheduled within the cadence.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class DashboardModel(SeriesService series) : PageModel
{
    public IReadOnlyList<SeriesStatus> Statuses { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public SeriesForm Input { get; set; } = new();

    public sealed class SeriesForm
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public int CadenceMonths { get; set; } = 6;
        public string? Description { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateSeriesAsync(CancellationToken ct)
    {
        var outcome = await series.CreateAsync(Input.Title, Input.Slug, Input.Description, Input.CadenceMonths, MeetingAccess.UserId(User), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddProblems(outcome.Problems);
            await LoadAsync(ct);
            return Page();
        }

        StatusMessage = $"The series “{outcome.Value!.Title}” has been created.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var statuses = new List<SeriesStatus>();
        foreach (var s in await series.ListAsync(ct))
        {
            statuses.Add(await series.StatusAsync(s, ct));
        }

        Statuses = statuses;
    }
}
