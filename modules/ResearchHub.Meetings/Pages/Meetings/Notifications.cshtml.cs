using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>
/// The member's choice of meeting notices. The same form is a section of the profile page
/// (<c>_MeetingNotificationsProfileSection</c>), which posts here and is sent back there.
/// </summary>
[Authorize]
public sealed class NotificationsModel(NotificationSettings settings) : PageModel
{
    public IReadOnlySet<MeetingNotification> Off { get; private set; } = new HashSet<MeetingNotification>();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Off = await settings.OffAsync(MeetingAccess.UserId(User)!, ct);

    /// <param name="on">The notices left ticked.</param>
    /// <param name="returnTo">"profile" when the form was the profile page's section.</param>
    public async Task<IActionResult> OnPostAsync(List<MeetingNotification> on, string? returnTo, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError("", "Choose notices from the list.");
            Off = await settings.OffAsync(MeetingAccess.UserId(User)!, ct);
            return Page();
        }

        await settings.SaveAsync(MeetingAccess.UserId(User)!, [.. on.Where(k => Enum.IsDefined(k))], ct);
        StatusMessage = "Your notification settings have been saved.";
        return returnTo == "profile" ? LocalRedirect("/account/profile#meeting-notifications") : RedirectToPage();
    }
}
