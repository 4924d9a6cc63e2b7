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
        await AddMemberAsync(group.Id, userId, status, false, DeliveryMode.Weekly, ct);
        return GroupResult.Ok();
    }

    public async Task AddMemberAsync(long groupId, string userId, MembershipStatus status, bool moderator, DeliveryMode mode, CancellationToken ct)
    {
        db.Add(new GroupMembership { GroupId = groupId, UserId = userId, Status = status, IsModerator = moderator, Mode = mode, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    public Task LeaveAsync(long groupId, string userId, CancellationToken ct) =>
        db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId).ExecuteDeleteAsync(ct);

    public Task ApproveMemberAsync(long groupId, string userId, CancellationToken ct) =>
        db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MembershipStatus.Active).SetProperty(m => m.CreatedAt, clock.GetUtcNow()), ct);

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

    /// <summary>A new thread (<paramref name="threadId"/> null) or a reply; held for moderation when the group says so.</summary>
    public async Task<GroupResult> PostAsync(MailingGroup group, ClaimsPrincipal user, long? threadId, string subject, string body, CancellationToken ct)
    {
        var userId = UserId(user);
        var membership = await MembershipAsync(group.Id, userId, ct);
        if (userId is null || !CanPost(user, group, membership))
        {
            return GroupResult.Fail(group.PostPolicy == PostPolicy.Moderators ? "Only moderators post in this group." : "Join the group to post.");
        }

        if (string.IsNullOrWhiteSpace(body) || (threadId is null && string.IsNullOrWhiteSpace(subject)))
        {
            return GroupResult.Fail(threadId is null ? "A new thread needs a subject and a message." : "Write a message.");
        }

        if (threadId is { } t && !await db.Set<GroupPost>().AnyAsync(p => p.Id == t && p.GroupId == group.Id && p.ThreadId == null && p.Status == PostStatus.Published, ct))
        {
            return GroupResult.Fail("That thread does not exist.");
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
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Add(post);
        await db.SaveChangesAsync(ct);
        if (!held)
        {
            await QueueEachPostAsync(group, post, ct);
            await search.IndexAsync(post.Id, ct); // Search: in the same transaction
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return GroupResult.Ok(post.Id);
    }

    public async Task<GroupResult> ModerateAsync(MailingGroup group, long postId, bool approve, CancellationToken ct)
    {
        var post = await db.Set<GroupPost>().FirstOrDefaultAsync(p => p.Id == postId && p.GroupId == group.Id && p.Status == PostStatus.Pending, ct);
        if (post is null)
        {
            return GroupResult.Fail("That post is not waiting for moderation.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        post.Status = approve ? PostStatus.Published : PostStatus.Rejected;
        post.PublishedAt = approve ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        if (approve)
        {
            await QueueEachPostAsync(group, post, ct);
        }

        await search.IndexAsync(post.Id, ct); // Search: approved posts in, rejected ones (never indexed) stay out

        await transaction.CommitAsync(ct);

        return GroupResult.Ok(post.Id);
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
        foreach (var userId in userIds)
        {
            if (recipients.TryGetValue(userId, out var to))
            {
                outbox.Enqueue(DigestService.PostKind, renderer.Post(group, post, threadSubject, author, html, to), $"post:{group.Id}:{post.Id}:{userId}");
            }
        }

        await db.SaveChangesAsync(ct);
    }

    public Task SetModeratorAsync(long groupId, string userId, bool moderator, CancellationToken ct) =>
        db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsModerator, moderator), ct);

    /// <summary>The one-click unsubscribe: the token names the member and group.</summary>
    public async Task<bool> UnsubscribeAsync(string userId, long groupId, CancellationToken ct) =>
        await db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Mode, DeliveryMode.None), ct) == 1;
}
