using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Members;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

public sealed record PostView(GroupPost Post, string Author, IReadOnlyList<PostAttachment>? Files = null)
{
    public IReadOnlyList<PostAttachment> Attachments => Files ?? [];
}

public sealed record ThreadSummary(GroupPost Thread, string Author, int Replies, DateTimeOffset LastActivity);

public sealed record MemberRow(GroupMembership Membership, string Name, string Email);

public sealed record MySubscription(MailingGroup Group, GroupMembership Membership, int Bounces);

/// <summary>Per group: digests composed, empty, and their outbox rows by state; each-post messages by state.</summary>
public sealed record DeliveryLog(MailingGroup Group, int Composed, int Empty, int Pending, int Sent, int Failed, int PostMessages, int PostFailed);

/// <summary>Reads for the pages.</summary>
public sealed class GroupQueries(HubDbContext db, IMemberDirectory directory, DigestService digests, PostAttachmentService attachments)
{
    public async Task<IReadOnlyList<MailingGroup>> GroupsAsync(CancellationToken ct) =>
        await db.Set<MailingGroup>().AsNoTracking().OrderBy(g => g.Name).ToListAsync(ct);

    /// <summary>Published threads of the group, newest activity first; <paramref name="search"/> matches subjects and bodies of threads and replies.</summary>
    public async Task<IReadOnlyList<ThreadSummary>> ThreadsAsync(long groupId, string? search, CancellationToken ct)
    {
        var posts = db.Set<GroupPost>().AsNoTracking().Where(p => p.GroupId == groupId && p.Status == PostStatus.Published);
        var threads = posts.Where(p => p.ThreadId == null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            // A plain contains-match until the Search module indexes posts.
            var text = search.Trim().ToLower();
            var hits = posts.Where(p => p.Subject.ToLower().Contains(text) || p.Body.ToLower().Contains(text)).Select(p => p.ThreadId ?? p.Id);
            threads = threads.Where(t => hits.Contains(t.Id));
        }

        var rows = await threads
            .Select(t => new
            {
                Thread = t,
                Replies = posts.Count(r => r.ThreadId == t.Id),
                Last = posts.Where(r => r.ThreadId == t.Id).Max(r => r.PublishedAt) ?? t.PublishedAt,
            })
            .ToListAsync(ct);
        var names = await NamesAsync(rows.Select(r => r.Thread.AuthorId), ct);
        return [.. rows.Select(r => new ThreadSummary(r.Thread, names.GetValueOrDefault(r.Thread.AuthorId, "A member"), r.Replies, r.Last ?? r.Thread.CreatedAt))
            .OrderByDescending(r => r.LastActivity).Take(200)];
    }

    public async Task<IReadOnlyList<PostView>> ThreadAsync(long groupId, long threadId, CancellationToken ct)
    {
        var posts = await db.Set<GroupPost>().AsNoTracking()
            .Where(p => p.GroupId == groupId && p.Status == PostStatus.Published && (p.Id == threadId || p.ThreadId == threadId))
            .OrderBy(p => p.PublishedAt).ThenBy(p => p.Id).ToListAsync(ct);
        if (posts.Count == 0 || posts[0].Id != threadId)
        {
            return [];
        }

        return await ViewsAsync(posts, ct);
    }

    public async Task<IReadOnlyList<PostView>> PendingPostsAsync(long groupId, CancellationToken ct)
    {
        var posts = await db.Set<GroupPost>().AsNoTracking().Where(p => p.GroupId == groupId && p.Status == PostStatus.Pending)
            .OrderBy(p => p.Id).ToListAsync(ct);
        return await ViewsAsync(posts, ct);
    }

    private async Task<IReadOnlyList<PostView>> ViewsAsync(List<GroupPost> posts, CancellationToken ct)
    {
        var names = await NamesAsync(posts.Select(p => p.AuthorId), ct);
        var files = await attachments.ForPostsAsync([.. posts.Select(p => p.Id)], ct);
        return [.. posts.Select(p => new PostView(p, names.GetValueOrDefault(p.AuthorId, "A member"), [.. files[p.Id]]))];
    }

    public async Task<IReadOnlyList<MemberRow>> MembersAsync(long groupId, CancellationToken ct)
    {
        var memberships = await db.Set<GroupMembership>().AsNoTracking().Where(m => m.GroupId == groupId).ToListAsync(ct);
        var members = await directory.FindAsync(memberships.Select(m => m.UserId), ct);
        return [.. memberships.Where(m => members.ContainsKey(m.UserId)).Select(m => (m, u: members[m.UserId]))
            .Select(x => new MemberRow(x.m, string.IsNullOrWhiteSpace(x.u.DisplayName) ? x.u.Email ?? "" : x.u.DisplayName, x.u.Email ?? ""))
            .OrderBy(r => r.Name, StringComparer.CurrentCulture)];
    }

    public async Task<IReadOnlyList<MySubscription>> SubscriptionsAsync(string userId, CancellationToken ct)
    {
        var email = (await directory.FindAsync(userId, ct))?.Email ?? "";
        var rows = await db.Set<GroupMembership>().AsNoTracking().Include(m => m.Group)
            .Where(m => m.UserId == userId).ToListAsync(ct);
        var result = new List<MySubscription>();
        foreach (var m in rows.OrderBy(r => r.Group!.Name, StringComparer.CurrentCulture))
        {
            result.Add(new MySubscription(m.Group!, m, await digests.BouncesAsync(email, m.BouncesResetAt, ct)));
        }

        return result;
    }

    public async Task<IReadOnlyList<DeliveryLog>> DeliveryLogAsync(CancellationToken ct)
    {
        var groups = await GroupsAsync(ct);
        var records = await db.Set<DigestRecord>().AsNoTracking()
            .GroupBy(r => new { r.GroupId, Sent = r.OutboxDedupKey != null })
            .Select(g => new { g.Key.GroupId, g.Key.Sent, Count = g.Count() }).ToListAsync(ct);
        var states = await db.Set<DigestRecord>().AsNoTracking().Where(r => r.OutboxDedupKey != null)
            .Join(db.OutboxMessages, r => r.OutboxDedupKey, m => m.DedupKey, (r, m) => new { r.GroupId, m.State })
            .GroupBy(x => new { x.GroupId, x.State }).Select(g => new { g.Key.GroupId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var postMessages = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == DigestService.PostKind)
            .Select(m => new { m.DedupKey, m.State }).ToListAsync(ct);
        return [.. groups.Select(g =>
        {
            int State(OutboxState s) => states.Where(x => x.GroupId == g.Id && x.State == s).Sum(x => x.Count);
            var prefix = $"post:{g.Id}:";
            var posts = postMessages.Where(m => m.DedupKey?.StartsWith(prefix, StringComparison.Ordinal) == true).ToList();
            return new DeliveryLog(g,
                records.Where(r => r.GroupId == g.Id && r.Sent).Sum(r => r.Count),
                records.Where(r => r.GroupId == g.Id && !r.Sent).Sum(r => r.Count),
                State(OutboxState.Pending) + State(OutboxState.Sending), State(OutboxState.Sent), State(OutboxState.Failed),
                posts.Count, posts.Count(p => p.State == OutboxState.Failed));
        })];
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken ct)
    {
        return (await directory.FindAsync(userIds, ct)).Values
            .ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? "A member" : u.DisplayName, StringComparer.Ordinal);
    }
}
