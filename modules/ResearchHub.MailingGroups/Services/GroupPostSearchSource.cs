using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// What mailing groups contribute to search: each published post (subject, Markdown body, the
/// group's name), linked to its place in the thread. A post is for the group's members only, so
/// every document carries the audience <see cref="AudienceOf"/> ("mailing-group:ID"), which this
/// class grants to the group's active members (<see cref="ISearchAudienceSource"/>): search shows a
/// post to them and to administrators only. Written by <see cref="GroupService"/> in the same
/// transaction as the post; listed in full on a rebuild.
/// </summary>
public sealed class GroupPostSearchSource(HubDbContext db, ISearchIndexer indexer) : IdSearchSource(indexer), ISearchAudienceSource
{
    public const string TypeName = "group-post";

    public override string Type => TypeName;

    /// <summary>The audience key of a group's documents: a viewer must be an active member of the group.</summary>
    public static string AudienceOf(long groupId) => $"mailing-group:{groupId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The audiences of the groups the member is an active member of (asked each search, so leaving takes effect at once).</summary>
    public async Task<IReadOnlyCollection<string>> AudiencesAsync(string userId, CancellationToken ct) =>
        (await db.Set<GroupMembership>().AsNoTracking().Where(m => m.UserId == userId && m.Status == MembershipStatus.Active)
            .Select(m => m.GroupId).ToListAsync(ct)).Select(AudienceOf).ToList();

    protected override Task<List<long>> IdsAfterAsync(long after, int count, CancellationToken ct) =>
        db.Set<GroupPost>().Where(p => p.Id > after).OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync(ct);

    protected override async Task<List<SearchDocument>> BuildAsync(List<long> ids, CancellationToken ct)
    {
        var rows = await (
                from p in db.Set<GroupPost>().AsNoTracking()
                join g in db.Set<MailingGroup>().AsNoTracking() on p.GroupId equals g.Id
                where ids.Contains(p.Id) && p.Status == PostStatus.Published
                orderby p.Id
                select new { Post = p, g.Slug, g.Name })
            .ToListAsync(ct);
        var threadIds = rows.Where(r => r.Post.ThreadId is not null).Select(r => r.Post.ThreadId!.Value).Distinct().ToList();
        var threadSubjects = threadIds.Count == 0
            ? []
            : await db.Set<GroupPost>().AsNoTracking().Where(p => threadIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Subject, ct);
        return rows.Select(r =>
        {
            var threadId = r.Post.ThreadId ?? r.Post.Id;
            var subject = r.Post.ThreadId is { } t ? $"Re: {threadSubjects.GetValueOrDefault(t, r.Post.Subject)}" : r.Post.Subject;
            var date = r.Post.PublishedAt ?? r.Post.CreatedAt;
            return new SearchDocument
            {
                Type = TypeName,
                Key = r.Post.Id.ToString(CultureInfo.InvariantCulture),
                Title = subject,
                Body = r.Post.Body,
                Extra = r.Name,
                Url = MailingGroupsUrls.Post(r.Slug, threadId, r.Post.Id),
                Kind = "Group post",
                Year = date.Year,
                Date = date,
                Visibility = SearchVisibility.Network,
                Audience = AudienceOf(r.Post.GroupId),
            };
        }).ToList();
    }
}
