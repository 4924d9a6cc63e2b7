using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using ResearchHub.Core.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>A thread and its replies, for the group's members, with the reply form (and its files).</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Participate)]
[AttachmentUploadLimit]
public sealed class ThreadModel(GroupService groups, GroupQueries queries, PostAttachmentService attachments) : PageModel
{
    public MailingGroup Group { get; private set; } = null!;
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public bool CanPost { get; private set; }

    private GroupMembership? _membership;

    public bool CanChange(GroupPost post) => groups.CanChange(User, Group, _membership, post);

    public long MaxFileBytes => attachments.MaxBytes;

    public int MaxFiles => attachments.MaxCount;

    [BindProperty]
    public string Body { get; set; } = "";

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, long id, long? quote, CancellationToken ct)
    {
        if (!await LoadAsync(slug, id, ct))
        {
            return NotFound();
        }

        // Quoting a post into the reply (without JavaScript: the link reloads the page with the quote in the form).
        if (quote is { } quoted && Posts.FirstOrDefault(p => p.Post.Id == quoted) is { } source)
        {
            Body = Quote(source);
        }

        // A file refused by the upload limit before the form was read comes back here.
        if (TempData[AttachmentUploadLimitAttribute.ProblemsKey] is string problem)
        {
            ModelState.AddModelError(nameof(Files), problem);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, long id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, id, ct))
        {
            return NotFound();
        }

        var files = Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
            .Select(f => new AttachmentUpload(f.FileName, f.OpenReadStream)).ToList();
        var result = await groups.PostAsync(Group, User, id, Posts[0].Post.Subject, Body ?? "", files, ct); // an empty field binds as null
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Error!.Contains("attach", StringComparison.Ordinal) ? nameof(Files) : nameof(Body), result.Error);
            Response.StatusCode = StatusCodes.Status400BadRequest; // refused: the form again with its problem, nothing saved
            return Page();
        }

        StatusMessage = Group.ModeratePosts && !groups.IsModerator(User, await groups.MembershipAsync(Group.Id, GroupService.UserId(User), ct))
            ? "Your reply is waiting for a moderator."
            : "Reply posted.";
        return Redirect(MailingGroupsUrls.Thread(slug, id));
    }

    /// <summary>The post as a Markdown block quote under a line naming its author, then room to answer.</summary>
    public static string Quote(PostView post) =>
        $"> {post.Author} wrote:\n>\n" + string.Join('\n', post.Post.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l)) + "\n\n";

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
        _membership = membership;
        CanPost = groups.CanPost(User, group, membership);
        Posts = await queries.ThreadAsync(group.Id, id, ct);
        return Posts.Count > 0;
    }
}
