using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

public sealed record GroupResult(bool Succeeded, string? Error = null, long? Id = null)
{
    public static GroupResult Ok(long? id = null) => new(true, null, id);

    public static GroupResult Fail(string error) => new(false, error);
}

/// <summary>Groups, memberships, subscriptions and posts: the rules of who may do what.</summary>
public sealed class GroupService(
    HubDbContext db,
    PermissionService permissions,
    DigestComposer composer,
    DigestRenderer renderer,
    MailOutbox outbox,
    MarkdownRenderer markdown,
    GroupPostSearchSource search,
    PostAttachmentService attachments,
    ModerationNotices notices,
    TimeProvider clock)
{
    public static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public bool CanManage(ClaimsPrincipal user) => permissions.Has(user, Permissions.Manage);

    public Task<MailingGroup?> FindAsync(string slug, CancellationToken ct) =>
        db.Set<MailingGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Slug == slug, ct);

    public Task<GroupMembership?> MembershipAsync(long groupId, string? userId, CancellationToken ct) =>
        userId is null
            ? Task.FromResult<GroupMembership?>(null)
            : db.Set<GroupMembership>().AsNoTracking().FirstOrDefaultAsync(m => m.GroupId == groupId && m.UserId == userId, ct);

    /// <summary>Moderators of the group and the site's group managers.</summary>
    public bool IsModerator(ClaimsPrincipal user, GroupMembership? membership) =>
        CanManage(user) || membership is { Status: MembershipStatus.Active, IsModerator: true };

    /// <summary>The group's posts are for its members (and those who manage groups).</summary>
    public bool CanRead(ClaimsPrincipal user, GroupMembership? membership) =>
        CanManage(user) || membership is { Status: MembershipStatus.Active };

    public bool CanPost(ClaimsPrincipal user, MailingGroup group, GroupMembership? membership) =>
        IsModerator(user, membership) || (group.PostPolicy == PostPolicy.Members && membership is { Status: MembershipStatus.Active });

    public static string NormaliseSlug(string value) =>
        string.Join('-', new string([.. value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public async Task<GroupResult> CreateAsync(string name, string slug, string description, JoinPolicy join, PostPolicy post, bool moderate, string topics, CancellationToken ct)
    {
        slug = NormaliseSlug(string.IsNullOrWhiteSpace(slug) ? name : slug);
        if (string.IsNullOrWhiteSpace(name) || slug.Length == 0)
        {
            return GroupResult.Fail("A group needs a name.");
        }

        if (await db.Set<MailingGroup>().AnyAsync(g => g.Slug == slug, ct))
        {
            return GroupResult.Fail($"There is already a group at /groups/{slug}.");
        }

        var group = new MailingGroup
        {
            Slug = slug, Name = name.Trim(), Description = description.Trim(), JoinPolicy = join, PostPolicy = post,
            ModeratePosts = moderate, Topics = string.Join(' ', topics.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(group);
        await db.SaveChangesAsync(ct);
        return GroupResult.Ok(group.Id);
    }

    /// <summary>Open groups: joined at once; approval groups: a request; invitation groups: refused.</summary>
    public async Task<GroupResult> JoinAsync(MailingGroup group, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = UserId(user);
        if (userId is null || !permissions.Has(user, Permissions.Participate))
        {
            return GroupResult.Fail("Sign in as a member of the network to join.");
        }

        if (await MembershipAsync(group.Id, userId, ct) is not null)
        {
            return GroupResult.Ok();
        }

        if (group.JoinPolicy == JoinPolicy.Invitation && !CanManage(user))
        {
            return GroupResult.Fail("This group is by invitation: ask a moderator to add you.");
        }

        var status = group.JoinPolicy == JoinPolicy.Approval && !CanManage(user) ? MembershipStatus.Pending : MembershipStatus.Active;
        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        await AddMemberAsync(group.Id, userId, status, false, DeliveryMode.Weekly, ct);
        if (status == MembershipStatus.Pending)
        {
            await notices.JoinRequestAsync(group, userId, ct);
        }

        await transaction.CommitAsync(ct);
        return GroupResult.Ok();
    }

    public async Task AddMemberAsync(long groupId, string userId, MembershipStatus status, bool moderator, DeliveryMode mode, CancellationToken ct)
    {
        db.Add(new GroupMembership { GroupId = groupId, UserId = userId, Status = status, IsModerator = moderator, Mode = mode, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    public Task LeaveAsync(long groupId, string userId, CancellationToken ct) =>
        db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId).ExecuteDeleteAsync(ct);

    /// <summary>A moderator approves or declines a request to join; the member who asked is told by email.</summary>
    public async Task<GroupResult> DecideMemberAsync(MailingGroup group, string userId, bool approve, CancellationToken ct)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        var request = db.Set<GroupMembership>().Where(m => m.GroupId == group.Id && m.UserId == userId && m.Status == MembershipStatus.Pending);
        var changed = approve
            ? await request.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MembershipStatus.Active).SetProperty(m => m.CreatedAt, clock.GetUtcNow()), ct)
            : await request.ExecuteDeleteAsync(ct);
        if (changed == 0)
        {
            return GroupResult.Fail("That request is no longer waiting.");
        }

        await notices.JoinDecisionAsync(group, userId, approve, ct);
        await transaction.CommitAsync(ct);
        return GroupResult.Ok();
    }

    /// <summary>Sets the delivery mode; choosing one again also resumes a suspended subscription.</summary>
    public async Task<bool> SetModeAsync(long groupId, string userId, DeliveryMode mode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Mode, mode), ct);
        await db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId && m.SuspendedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SuspendedAt, (DateTimeOffset?)null).SetProperty(m => m.BouncesResetAt, now), ct);
        return changed == 1;
    }

    /// <summary>
    /// A new thread (<paramref name="threadId"/> null) or a reply, with its files (checked by
    /// <see cref="PostAttachmentService"/>: one refused file refuses the post, nothing saved); held
    /// for moderation when the group says so.
    /// </summary>
    public Task<GroupResult> PostAsync(MailingGroup group, ClaimsPrincipal user, long? threadId, string subject, string body, CancellationToken ct) =>
        PostAsync(group, user, threadId, subject, body, [], ct);

    /// <inheritdoc cref="PostAsync(MailingGroup, ClaimsPrincipal, long?, string, string, CancellationToken)"/>
    public async Task<GroupResult> PostAsync(MailingGroup group, ClaimsPrincipal user, long? threadId, string subject, string body,
        IReadOnlyList<AttachmentUpload> files, CancellationToken ct)
    {
        var userId = UserId(user);
        var membership = await MembershipAsync(group.Id, userId, ct);
        if (userId is null || !CanPost(user, group, membership))
        {
            return GroupResult.Fail(group.PostPolicy == PostPolicy.Moderators ? "Only moderators post in this group." : "Join the group to post.");
        }

        if ((string.IsNullOrWhiteSpace(body) && files.Count == 0) || (threadId is null && string.IsNullOrWhiteSpace(subject)))
        {
            return GroupResult.Fail(threadId is null ? "A new thread needs a subject and a message." : "Write a message.");
        }

        if (threadId is { } t && !await db.Set<GroupPost>().AnyAsync(p => p.Id == t && p.GroupId == group.Id && p.ThreadId == null && p.Status == PostStatus.Published, ct))
        {
            return GroupResult.Fail("That thread does not exist.");
        }

        // Files are read and checked before anything is written: a refused file leaves no post.
        await using var staged = await attachments.StageAsync(files, ct);
        if (staged.Problem is not null)
        {
            return GroupResult.Fail(staged.Problem);
        }

        var now = clock.GetUtcNow();
        var held = group.ModeratePosts && !IsModerator(user, membership);
        var post = new GroupPost
        {
            GroupId = group.Id, ThreadId = threadId, AuthorId = userId, Subject = subject.Trim(), Body = body.Trim(),
            Status = held ? PostStatus.Pending : PostStatus.Published, CreatedAt = now, PublishedAt = held ? null : now,
        };
        // The post and its each-post emails commit together (the outbox rule); a caller's
        // transaction (the inbound mail reader's, which records the message) is joined.
        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        db.Add(post);
        await db.SaveChangesAsync(ct);
        if (staged.Count > 0)
        {
            await attachments.AttachAsync(staged, post.Id, now, ct);
        }

        if (!held)
        {
            await QueueEachPostAsync(group, post, ct);
            await search.IndexAsync(post.Id, ct); // Search: in the same transaction
        }
        else
        {
            await notices.HeldPostAsync(group, post, ct);
        }

        await transaction.CommitAsync(ct);
        return GroupResult.Ok(post.Id);
    }

    /// <summary>A moderator publishes a held post, or rejects it with a reason that is mailed to its author.</summary>
    public async Task<GroupResult> ModerateAsync(MailingGroup group, long postId, bool approve, string? reason, CancellationToken ct)
    {
        var post = await db.Set<GroupPost>().FirstOrDefaultAsync(p => p.Id == postId && p.GroupId == group.Id && p.Status == PostStatus.Pending, ct);
        if (post is null)
        {
            return GroupResult.Fail("That post is not waiting for moderation.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        post.Status = approve ? PostStatus.Published : PostStatus.Rejected;
        post.PublishedAt = approve ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        if (approve)
        {
            await QueueEachPostAsync(group, post, ct);
        }
        else
        {
            await notices.RejectedPostAsync(group, post, reason, ct);
        }

        await search.IndexAsync(post.Id, ct); // Search: approved posts in, rejected ones (never indexed) stay out

        await transaction.CommitAsync(ct);

        return GroupResult.Ok(post.Id);
    }

    /// <summary>Its author (while a member who may post) and the group's moderators may edit or delete a post.</summary>
    public bool CanChange(ClaimsPrincipal user, MailingGroup group, GroupMembership? membership, GroupPost post) =>
        IsModerator(user, membership) || (post.AuthorId == UserId(user) && CanPost(user, group, membership));

    /// <summary>A post of the group that is published or held (rejected posts are gone from view).</summary>
    public Task<GroupPost?> FindPostAsync(long groupId, long postId, CancellationToken ct) =>
        db.Set<GroupPost>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId && p.GroupId == groupId && p.Status != PostStatus.Rejected, ct);

    /// <summary>
    /// Changes a post's words (and a thread's subject). Search follows in the same transaction (a
    /// thread's replies too, whose titles carry the subject); digests are composed from the posts as
    /// they are when they are sent, so they follow by themselves.
    /// </summary>
    public async Task<GroupResult> EditAsync(MailingGroup group, ClaimsPrincipal user, long postId, string? subject, string? body, CancellationToken ct)
    {
        var post = await db.Set<GroupPost>().FirstOrDefaultAsync(p => p.Id == postId && p.GroupId == group.Id && p.Status != PostStatus.Rejected, ct);
        var membership = await MembershipAsync(group.Id, UserId(user), ct);
        if (post is null || !CanChange(user, group, membership, post))
        {
            return GroupResult.Fail("You cannot change that post.");
        }

        var hasFiles = await db.Set<PostAttachment>().AnyAsync(a => a.PostId == post.Id, ct);
        if (post.ThreadId is null && string.IsNullOrWhiteSpace(subject))
        {
            return GroupResult.Fail("A thread needs a subject.");
        }

        if (string.IsNullOrWhiteSpace(body) && !hasFiles)
        {
            return GroupResult.Fail("Write a message.");
        }

        if (post.ThreadId is null && subject!.Trim().Length > 300)
        {
            return GroupResult.Fail("The subject can be up to 300 characters.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        var subjectChanged = post.ThreadId is null && post.Subject != subject!.Trim();
        if (post.ThreadId is null)
        {
            post.Subject = subject!.Trim();
        }

        post.Body = (body ?? "").Trim();
        post.EditedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        if (post.Status == PostStatus.Published)
        {
            await search.IndexAsync(post.Id, ct);
            if (subjectChanged)
            {
                foreach (var reply in await db.Set<GroupPost>().Where(p => p.ThreadId == post.Id && p.Status == PostStatus.Published).Select(p => p.Id).ToListAsync(ct))
                {
                    await search.IndexAsync(reply, ct);
                }
            }
        }

        await transaction.CommitAsync(ct);
        return GroupResult.Ok(post.ThreadId ?? post.Id);
    }

    /// <summary>
    /// Deletes a post with its files; a thread's first post takes the whole thread with it. Search
    /// drops the posts in the same transaction, and digests not yet sent no longer list them.
    /// </summary>
    public async Task<GroupResult> DeleteAsync(MailingGroup group, ClaimsPrincipal user, long postId, CancellationToken ct)
    {
        var post = await FindPostAsync(group.Id, postId, ct);
        var membership = await MembershipAsync(group.Id, UserId(user), ct);
        if (post is null || !CanChange(user, group, membership, post))
        {
            return GroupResult.Fail("You cannot delete that post.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        var ids = post.ThreadId is null
            ? [post.Id, .. await db.Set<GroupPost>().Where(p => p.ThreadId == post.Id).Select(p => p.Id).ToListAsync(ct)]
            : new List<long> { post.Id };
        await db.Set<PostAttachment>().Where(a => ids.Contains(a.PostId)).ExecuteDeleteAsync(ct);
        await db.Set<GroupPost>().Where(p => p.ThreadId == post.Id).ExecuteDeleteAsync(ct);
        await db.Set<GroupPost>().Where(p => p.Id == post.Id).ExecuteDeleteAsync(ct);
        foreach (var id in ids)
        {
            await search.IndexAsync(id, ct); // gone from the record: removed from the index
        }

        await transaction.CommitAsync(ct);
        return GroupResult.Ok(post.ThreadId);
    }

    /// <summary>Members who take each post get it now, one outbox row each, keyed so none is sent twice.</summary>
    private async Task QueueEachPostAsync(MailingGroup group, GroupPost post, CancellationToken ct)
    {
        var userIds = await db.Set<GroupMembership>().AsNoTracking()
            .Where(m => m.GroupId == group.Id && m.Status == MembershipStatus.Active && m.SuspendedAt == null
                && m.Mode == DeliveryMode.EachPost && m.UserId != post.AuthorId)
            .Select(m => m.UserId).ToListAsync(ct);
        if (userIds.Count == 0)
        {
            return;
        }

        var recipients = await composer.RecipientsAsync([.. userIds, post.AuthorId], ct);
        var author = recipients.GetValueOrDefault(post.AuthorId)?.Name ?? "A member";
        var threadSubject = post.ThreadId is { } t
            ? await db.Set<GroupPost>().Where(p => p.Id == t).Select(p => p.Subject).FirstAsync(ct)
            : post.Subject;
        var html = markdown.ToHtml(post.Body);
        var files = (await attachments.ForPostsAsync([post.Id], ct))[post.Id].ToList();
        foreach (var userId in userIds)
        {
            if (recipients.TryGetValue(userId, out var to))
            {
                outbox.Enqueue(DigestService.PostKind, renderer.Post(group, post, threadSubject, author, html, to, files), $"post:{group.Id}:{post.Id}:{userId}");
            }
        }

        await db.SaveChangesAsync(ct);
    }

    public Task SetModeratorAsync(long groupId, string userId, bool moderator, CancellationToken ct) =>
        db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsModerator, moderator), ct);

    /// <summary>
    /// The one-click unsubscribe: the token names the member and group; for a combined digest
    /// (<see cref="UnsubscribeTokens.AllDigests"/>) every group the member takes by digest.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(string userId, long groupId, CancellationToken ct) =>
        groupId == UnsubscribeTokens.AllDigests
            ? await db.Set<GroupMembership>().Where(m => m.UserId == userId
                    && (m.Mode == DeliveryMode.Daily || m.Mode == DeliveryMode.Weekly || m.Mode == DeliveryMode.Monthly))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Mode, DeliveryMode.None), ct) >= 0
            : await db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Mode, DeliveryMode.None), ct) == 1;
}
