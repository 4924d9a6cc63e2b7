using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Members;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>Someone a digest is for, with the principal their roles give them (for the modules' access rules).</summary>
public sealed record DigestRecipient(string UserId, string Email, string Name, long? OrganisationId, ClaimsPrincipal Principal)
{
    /// <summary>The member as the digest sections' access rules read them.</summary>
    public DigestReader Reader => new(UserId, OrganisationId, Principal);
}

public sealed record DigestPostItem(long Id, long ThreadId, string Subject, string Author, string Excerpt, bool IsReply, DateTimeOffset At);

/// <summary>What one member's digest of one group holds: the group's posts, then each module's section (<see cref="IDigestSection"/>) in order.</summary>
public sealed record DigestContent(
    MailingGroup Group,
    DeliveryMode Mode,
    DigestPeriod Period,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyList<DigestPostItem> Posts,
    IReadOnlyList<DigestSectionItems> Sections)
{
    /// <summary>
    /// Only posts and news sections (the library's) make a digest worth sending: meetings and polls
    /// ride along with news but are not news themselves, otherwise every member would get a digest
    /// every period for as long as a meeting is upcoming.
    /// </summary>
    public bool IsEmpty => Posts.Count == 0 && News == 0;

    /// <summary>How many items of news sections the digest holds (recorded as the digest's resources).</summary>
    public int News => Sections.Sum(s => s.Section.IsNews ? s.Items.Count : 0);

    /// <summary>The items of the section with <paramref name="key"/>, none if no module contributes it.</summary>
    public IReadOnlyList<DigestItem> Items(string key) => Sections.FirstOrDefault(s => s.Section.Key == key)?.Items ?? [];
}

public sealed class DigestComposer(HubDbContext db, IMemberDirectory members, MarkdownRenderer markdown, IEnumerable<IDigestSection> sections)
{
    /// <summary>The sections the modules contribute, in the order digests list them.</summary>
    private readonly IReadOnlyList<IDigestSection> _sections = [.. sections.OrderBy(s => s.Order).ThenBy(s => s.Key, StringComparer.Ordinal)];

    /// <summary>
    /// Loads what the group's digests can contain between <paramref name="from"/> and <paramref name="to"/>:
    /// its posts, and each section's items (things coming up within <paramref name="meetingDays"/> days).
    /// </summary>
    public async Task<DigestSnapshot> SnapshotAsync(MailingGroup group, DateTimeOffset from, DateTimeOffset to, int meetingDays, CancellationToken ct)
    {
        var posts = await db.Set<GroupPost>().AsNoTracking()
            .Where(p => p.GroupId == group.Id && p.Status == PostStatus.Published && p.PublishedAt >= from && p.PublishedAt < to)
            .OrderBy(p => p.PublishedAt).ThenBy(p => p.Id)
            .ToListAsync(ct);
        var threadIds = posts.Select(p => p.ThreadId ?? p.Id).Distinct().ToList();
        var threadSubjects = await db.Set<GroupPost>().AsNoTracking().Where(p => threadIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Subject, ct);
        var authorIds = posts.Select(p => p.AuthorId).Distinct().ToList();
        var authors = (await members.FindAsync(authorIds, ct))
            .ToDictionary(a => a.Key, a => string.IsNullOrWhiteSpace(a.Value.DisplayName) ? "A member" : a.Value.DisplayName, StringComparer.Ordinal);

        var scope = new DigestScope(from, to, group.TopicKeys, meetingDays);
        var snapshots = new List<(IDigestSection, IDigestSectionSnapshot)>(_sections.Count);
        foreach (var section in _sections)
        {
            snapshots.Add((section, await section.SnapshotAsync(scope, ct)));
        }

        return new DigestSnapshot
        {
            Posts = [.. posts.Select(p => (p, threadSubjects.GetValueOrDefault(p.ThreadId ?? p.Id, p.Subject), authors.GetValueOrDefault(p.AuthorId, "A member"), markdown.Excerpt(p.Body, 200)))],
            Sections = snapshots,
        };
    }

    /// <summary>One member's digest: only what they may see, from the snapshot, each section cut by its own module's rules.</summary>
    public DigestContent Compose(DigestSnapshot snapshot, MailingGroup group, DeliveryMode mode, DigestPeriod period,
        DateTimeOffset windowStart, DateTimeOffset windowEnd, DigestRecipient recipient)
    {
        var posts = snapshot.Posts
            .Where(p => p.Post.PublishedAt >= windowStart && p.Post.PublishedAt < windowEnd && p.Post.AuthorId != recipient.UserId)
            .Select(p => new DigestPostItem(p.Post.Id, p.Post.ThreadId ?? p.Post.Id, p.ThreadSubject, p.Author, p.Excerpt, p.Post.ThreadId is not null, p.Post.PublishedAt!.Value))
            .ToList();
        var sections = new DigestSectionItems[snapshot.Sections.Count];
        for (var i = 0; i < sections.Length; i++)
        {
            var (section, items) = snapshot.Sections[i];
            sections[i] = new DigestSectionItems(section, items.ItemsFor(recipient.Reader, windowStart, windowEnd));
        }

        return new DigestContent(group, mode, period, windowStart, windowEnd, posts, sections);
    }

    /// <summary>Recipients for user ids, read in bulk: email, name, organisation and roles.</summary>
    public async Task<Dictionary<string, DigestRecipient>> RecipientsAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var result = new Dictionary<string, DigestRecipient>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Chunk(500))
        {
            var users = (await members.FindAsync(chunk, ct)).Values.Where(u => u.Email != null).ToList();
            var roles = await members.RolesAsync(chunk, ct);
            foreach (var u in users)
            {
                var identity = new ClaimsIdentity("mailing-digest");
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, u.Id));
                identity.AddClaims(roles.GetValueOrDefault(u.Id, []).Select(r => new Claim(ClaimTypes.Role, r)));
                var name = string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email! : u.DisplayName;
                result[u.Id] = new DigestRecipient(u.Id, u.Email!, name, u.OrganisationId, new ClaimsPrincipal(identity));
            }
        }

        return result;
    }
}
