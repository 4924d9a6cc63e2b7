using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>
/// The member's own time zone for their digests. The same form is a section of the profile page
/// (<c>_GroupDigestProfileSection</c>, through Core's IProfileSection), which posts here and is sent back there.
/// </summary>
[Authorize]
public sealed class DigestSettingsModel(DigestPreferences zones, IOptions<MailingGroupsOptions> options) : PageModel
{
    public string? Chosen { get; private set; }

    public DeliveryMode Combined { get; private set; }

    public string SiteZone => zones.SiteZoneId;

    public int SendHour => options.Value.SendHour;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(GroupService.UserId(User)!, ct);

    private async Task LoadAsync(string userId, CancellationToken ct)
    {
        Chosen = await zones.ChosenAsync(userId, ct);
        Combined = await zones.CombinedAsync(userId, ct);
    }

    /// <param name="zone">An IANA zone id from the list, or empty for the site's.</param>
    /// <param name="combined">None, or the frequency of one combined digest of every group taken by digest.</param>
    /// <param name="returnTo">"profile" when the form was the profile page's section.</param>
    public async Task<IActionResult> OnPostAsync(string? zone, string? combined, string? returnTo, CancellationToken ct)
    {
        var userId = GroupService.UserId(User)!;
        var mode = DeliveryMode.None;
        if ((!string.IsNullOrEmpty(combined) && !Enum.TryParse(combined, out mode)) || !await zones.SetAsync(userId, zone, mode, ct))
        {
            ModelState.AddModelError("", "Choose a time zone and a combined digest from the lists.");
            await LoadAsync(userId, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest; // nothing saved
            return Page();
        }

        StatusMessage = "Your digest settings have been saved.";
        return returnTo == "profile" ? LocalRedirect("/account/profile#group-digests") : RedirectToPage();
    }
}
