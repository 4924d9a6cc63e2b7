using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Admin.Groups;

/// <summary>
/// A member's next digest exactly as the sender composes it (same composer, same renderer, the
/// member's own visibility), shown as its headers, text part and HTML source; it can be sent to
/// the administrator's own address, marked as a preview, without counting as the member's digest.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class PreviewModel(GroupService groups, DigestService digests) : PageModel
{
    public MailingGroup Group { get; private set; } = null!;
    public DigestPreview? Preview { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string userId, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group)
        {
            return NotFound();
        }

        Group = group;
        Preview = await digests.PreviewAsync(group.Id, userId, ct);
        return Preview is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string userId, CancellationToken ct)
    {
        var me = User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? User.Identity?.Name;
        if (await groups.FindAsync(slug, ct) is not { } group || me is null)
        {
            return NotFound();
        }

        StatusMessage = await digests.SendPreviewAsync(group.Id, userId, me, ct) ? $"The preview is on its way to {me}." : "Nothing to preview.";
        return RedirectToPage(new { slug, userId });
    }
}
