using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Polls;

[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class NewModel(PollService polls, SeriesService series, HubDbContext db, TimeProvider clock) : PageModel
{
    public const int SlotFields = 5;

    [BindProperty]
    public PollForm Input { get; set; } = new();

    public IReadOnlyList<MeetingSeries> Series { get; private set; } = [];
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];

    public sealed class PollForm
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public long? SeriesId { get; set; }
        public long? MeetingId { get; set; }
        public bool HideParticipants { get; set; }
        public List<SlotForm> Slots { get; set; } = [];
        public List<string> InviteRoles { get; set; } = [];
        public string? InviteEmails { get; set; }
        /// <summary>The day invitees are asked to answer by (told in the email that invites them).</summary>
        public DateOnly? AnswerBy { get; set; }
    }

    public sealed class SlotForm
    {
        public DateTime? LocalStart { get; set; }
        public int? DurationMinutes { get; set; }
        public string TimeZoneId { get; set; } = Meeting.DefaultTimeZone;
    }

    public async Task OnGetAsync(long? seriesId, long? meetingId, CancellationToken ct)
    {
        Input.SeriesId = seriesId;
        Input.MeetingId = meetingId;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var input = new PollInput(Input.Title, Input.Description, Input.SeriesId, Input.MeetingId, Input.HideParticipants,
                [.. Input.Slots.Select(s => new SlotInput(s.LocalStart, s.DurationMinutes, s.TimeZoneId))],
                Input.InviteRoles,
                (Input.InviteEmails ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Input.AnswerBy);
            var outcome = await polls.CreateAsync(input, MeetingAccess.UserId(User)!, ct);
            if (outcome.Succeeded)
            {
                return Redirect(MeetingsUrls.Poll(outcome.Value!.Id));
            }

            // Slot problems are listed against the slots' group, in order.
            ModelState.AddProblems(outcome.Problems.Select(p => p.Field.StartsWith("Slots[", StringComparison.Ordinal) ? p with { Field = "Slots" } : p));
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        while (Input.Slots.Count < SlotFields)
        {
            Input.Slots.Add(new SlotForm { DurationMinutes = 120 });
        }

        Series = await series.ListAsync(ct);
        var now = clock.GetUtcNow();
        Meetings = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Cancelled && m.EndUtc > now)
            .OrderBy(m => m.StartUtc).ToListAsync(ct);
    }
}
