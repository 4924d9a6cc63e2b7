using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using ResearchHub.Core.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>
/// A group: its archive of threads (searchable) for members, joining and leaving, the member's
/// delivery mode, the new-thread form, and for moderators the queue of held posts and requests.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Participate)]
[AttachmentUploadLimit]
public sealed class ShowModel(GroupService groups, GroupQueries queries, PostAttachmentService attachments) : PageModel
{
    public MailingGroup Group { get; private set; } = null!;
    public GroupMembership? Membership { get; private set; }
    public bool CanRead { get; private set; }
    public bool CanPost { get; private set; }
    public bool IsModerator { get; private set; }
    public IReadOnlyList<ThreadSummary> Threads { get; private set; } = [];
    public IReadOnlyList<PostView> Pending { get; private set; } = [];
    public IReadOnlyList<MemberRow> Requests { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public ThreadInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public long MaxFileBytes => attachments.MaxBytes;

    public int MaxFiles => attachments.MaxCount;

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class ThreadInput
    {
        [Required(ErrorMessage = "Enter a subject.")]
        [StringLength(300)]
        public string Subject { get; set; } = "";

        [Required(ErrorMessage = "Write a message.")]
        public string Body { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }

        // A file refused by the upload limit before the form was read comes back here.
        if (TempData[AttachmentUploadLimitAttribute.ProblemsKey] is string problem)
        {
            ModelState.AddModelError(nameof(Files), problem);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostJoinAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }

        var result = await groups.JoinAsync(Group, User, ct);
        StatusMessage = result.Succeeded
            ? (Group.JoinPolicy == JoinPolicy.Approval && !groups.CanManage(User) ? "Your request to join is waiting for a moderator." : "You joined the group. You will get a weekly digest; change it below.")
            : result.Error;
        return RedirectToPage(new { slug });
    }

    public async Task<IActionResult> OnPostLeaveAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }

        await groups.LeaveAsync(Group.Id, GroupService.UserId(User)!, ct);
        StatusMessage = "You left the group.";
        return RedirectToPage(new { slug });
    }

    public async Task<IActionResult> OnPostModeAsync(string slug, DeliveryMode mode, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }

        StatusMessage = Enum.IsDefined(mode) && await groups.SetModeAsync(Group.Id, GroupService.UserId(User)!, mode, ct)
            ? $"Delivery set to: {DigestPeriods.Describe(mode)}."
            : "Join the group first.";
        return RedirectToPage(new { slug });
    }

    public async Task<IActionResult> OnPostThreadAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var files = Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
            .Select(f => new AttachmentUpload(f.FileName, f.OpenReadStream)).ToList();
        var result = await groups.PostAsync(Group, User, null, Input.Subject, Input.Body, files, ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Error!.Contains("attach", StringComparison.Ordinal) ? nameof(Files) : "", result.Error);
            Response.StatusCode = StatusCodes.Status400BadRequest; // refused: the form again with its problem, nothing saved
            return Page();
        }

        if (Group.ModeratePosts && !IsModerator)
        {
            StatusMessage = "Your thread is waiting for a moderator.";
            return RedirectToPage(new { slug });
        }

        return Redirect(MailingGroupsUrls.Thread(slug, result.Id!.Value));
    }

    public async Task<IActionResult> OnPostModerateAsync(string slug, long postId, bool approve, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct) || !IsModerator)
        {
            return NotFound();
        }

        var result = await groups.ModerateAsync(Group, postId, approve, reason, ct);
        StatusMessage = result.Succeeded ? (approve ? "Post approved." : "Post rejected; its author has been told by email.") : result.Error;
        return RedirectToPage(new { slug });
    }

    public async Task<IActionResult> OnPostDecideMemberAsync(string slug, string userId, bool approve, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct) || !IsModerator)
        {
            return NotFound();
        }

        var result = await groups.DecideMemberAsync(Group, userId, approve, ct);
        StatusMessage = result.Succeeded ? (approve ? "Member approved; they have been told by email." : "Request declined; they have been told by email.") : result.Error;
        return RedirectToPage(new { slug });
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        if (await groups.FindAsync(slug, ct) is not { } group)
        {
            return false;
        }

        Group = group;
        Membership = await groups.MembershipAsync(group.Id, GroupService.UserId(User), ct);
        CanRead = groups.CanRead(User, Membership);
        CanPost = groups.CanPost(User, group, Membership);
        IsModerator = groups.IsModerator(User, Membership);
        if (CanRead)
        {
            Threads = await queries.ThreadsAsync(group.Id, Q, ct);
        }

        if (IsModerator)
        {
            Pending = await queries.PendingPostsAsync(group.Id, ct);
            Requests = [.. (await queries.MembersAsync(group.Id, ct)).Where(m => m.Membership.Status == MembershipStatus.Pending)];
        }

        return true;
    }
}
