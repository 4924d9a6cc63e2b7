using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Admin.Groups;

/// <summary>A group's members and their delivery modes, which an administrator may change, with a digest preview for each.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class GroupModel(GroupService groups, GroupQueries queries) : PageModel
{
    public MailingGroup Group { get; private set; } = null!;
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group)
        {
            return NotFound();
        }

        Group = group;
        Members = await queries.MembersAsync(group.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostModeAsync(string slug, string userId, DeliveryMode mode, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group)
        {
            return NotFound();
        }

        StatusMessage = Enum.IsDefined(mode) && await groups.SetModeAsync(group.Id, userId, mode, ct) ? "Delivery changed." : "Not a member.";
        return RedirectToPage(new { slug });
    }

    public async Task<IActionResult> OnPostModeratorAsync(string slug, string userId, bool moderator, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group)
        {
            return NotFound();
        }

        await groups.SetModeratorAsync(group.Id, userId, moderator, ct);
        StatusMessage = moderator ? "Made a moderator." : "No longer a moderator.";
        return RedirectToPage(new { slug });
    }

    public static string? Me(ClaimsPrincipal user) => GroupService.UserId(user);
}
