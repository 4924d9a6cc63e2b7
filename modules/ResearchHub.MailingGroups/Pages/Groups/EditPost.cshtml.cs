using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>
/// Editing or deleting a post: its author's own (while they may post in the group) or, for the
/// group's moderators, any. Everyone else gets 404, as for a thread they may not read.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Participate)]
public sealed class EditPostModel(GroupService groups) : PageModel
{
    public MailingGroup Group { get; private set; } = null!;
    public long ThreadId { get; private set; }
    public bool IsThreadStart { get; private set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, long id, CancellationToken ct)
    {
        if (await LoadAsync(slug, id, ct) is not { } post)
        {
            return NotFound();
        }

        Subject = post.Subject;
        Body = post.Body;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string slug, long id, CancellationToken ct)
    {
        if (await LoadAsync(slug, id, ct) is null)
        {
            return NotFound();
        }

        var result = await groups.EditAsync(Group, User, id, Subject, Body, ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Error!.Contains("subject", StringComparison.OrdinalIgnoreCase) ? nameof(Subject) : nameof(Body), result.Error);
            Response.StatusCode = StatusCodes.Status400BadRequest; // refused: the form again with its problem, nothing saved
            return Page();
        }

        StatusMessage = "Post updated.";
        return Redirect(MailingGroupsUrls.Post(slug, ThreadId, id));
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, long id, CancellationToken ct)
    {
        if (await LoadAsync(slug, id, ct) is null)
        {
            return NotFound();
        }

        var result = await groups.DeleteAsync(Group, User, id, ct);
        if (!result.Succeeded)
        {
            return NotFound();
        }

        StatusMessage = IsThreadStart ? "Thread deleted." : "Post deleted.";
        return Redirect(IsThreadStart ? MailingGroupsUrls.Group(slug) : MailingGroupsUrls.Thread(slug, ThreadId));
    }

    /// <summary>The post, when the user may change it; otherwise null (not found, whatever the reason).</summary>
    private async Task<GroupPost?> LoadAsync(string slug, long id, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group || await groups.FindPostAsync(group.Id, id, ct) is not { } post)
        {
            return null;
        }

        var membership = await groups.MembershipAsync(group.Id, GroupService.UserId(User), ct);
        if (!groups.CanChange(User, group, membership, post))
        {
            return null;
        }

        Group = group;
        ThreadId = post.ThreadId ?? post.Id;
        IsThreadStart = post.ThreadId is null;
        return post;
    }
}
