using Microsoft.AspNetCore.Authorization;
using ResearchHub.Core.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>A thread and its replies, for the group's members, with the reply form.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Participate)]
public sealed class ThreadModel(GroupService groups, GroupQueries queries) : PageModel
{
    public MailingGroup Group { get; private set; } = null!;
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public bool CanPost { get; private set; }

    [BindProperty]
    public string Body { get; set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, long id, CancellationToken ct) =>
        await LoadAsync(slug, id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, long id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, id, ct))
        {
            return NotFound();
        }

        var result = await groups.PostAsync(Group, User, id, Posts[0].Post.Subject, Body, ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("Body", result.Error!);
            return Page();
        }

        StatusMessage = Group.ModeratePosts && !groups.IsModerator(User, await groups.MembershipAsync(Group.Id, GroupService.UserId(User), ct))
            ? "Your reply is waiting for a moderator."
            : "Reply posted.";
        return Redirect(GroupUrls.Thread(slug, id));
    }

    /// <summary>Not found, rather than forbidden, for those outside the group: a thread's existence is the group's business.</summary>
    private async Task<bool> LoadAsync(string slug, long id, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group)
        {
            return false;
        }

        var membership = await groups.MembershipAsync(group.Id, GroupService.UserId(User), ct);
        if (!groups.CanRead(User, membership))
        {
            return false;
        }

        Group = group;
        CanPost = groups.CanPost(User, group, membership);
        Posts = await queries.ThreadAsync(group.Id, id, ct);
        return Posts.Count > 0;
    }
}
