using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Web;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The member's personal calendar feed: a secret address, shown once, revocable.</summary>
[Authorize]
public sealed class CalendarModel(CalendarFeedService feeds, PublicUrls urls) : PageModel
{
    public bool HasFeed { get; private set; }
    public string? NewUrl { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => HasFeed = await feeds.HasFeedAsync(MeetingAccess.UserId(User)!, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var token = await feeds.CreateAsync(MeetingAccess.UserId(User)!, ct);
        NewUrl = urls.Absolute(MeetingsUrls.Feed(token));
        HasFeed = true;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        await feeds.RevokeAsync(MeetingAccess.UserId(User)!, ct);
        StatusMessage = "Your calendar feed is turned off: its address no longer works.";
        return RedirectToPage();
    }
}
