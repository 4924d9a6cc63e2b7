using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Members;
using ResearchHub.Core.Modules;
using ResearchHub.Library;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Meetings;
using LibraryPermissions = ResearchHub.Library.Permissions;
using MeetingPermissions = ResearchHub.Meetings.Permissions;

namespace ResearchHub.MailingGroups.Services;

/// <summary>Someone a digest is for, with the principal their roles give them (for the modules' access rules).</summary>
public sealed record DigestRecipient(string UserId, string Email, string Name, long? OrganisationId, ClaimsPrincipal Principal);

public sealed record DigestPostItem(long Id, long ThreadId, string Subject, string Author, string Excerpt, bool IsReply, DateTimeOffset At);

public sealed record DigestLinkItem(string Title, string Excerpt, string Path);

/// <summary>What one member's digest of one group holds.</summary>
public sealed record DigestContent(
    MailingGroup Group,
    DeliveryMode Mode,
    DigestPeriod Period,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyList<DigestPostItem> Posts,
    IReadOnlyList<DigestLinkItem> Resources,
    IReadOnlyList<DigestLinkItem> Meetings,
    IReadOnlyList<DigestLinkItem> Polls)
{
    /// <summary>
    /// Meetings and polls ride along with news but are not news themselves: otherwise every member
    /// would get a digest every period for as long as a meeting is upcoming.
    /// </summary>
    public bool IsEmpty => Posts.Count == 0 && Resources.Count == 0;
}

public sealed class DigestComposer(HubDbContext db, IMemberDirectory members, PermissionService permissions, MarkdownRenderer markdown, TimeProvider clock)
{
    /// <summary>Loads what the group's digests can contain between <paramref name="from"/> and <paramref name="to"/>.</summary>
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

        // Drafts are never news, even to their author: only resources that are out in the library.
        var resources = db.Set<Resource>().AsNoTracking()
            .Where(r => r.Visibility != ResourceVisibility.Draft && r.UpdatedAt >= from && r.UpdatedAt < to);
        var topics = group.TopicKeys.ToList();
        if (topics.Count > 0)
        {
            resources = resources.Where(r => r.Terms.Any(t => t.Term!.Vocabulary == Vocabularies.PracticeAreas && topics.Contains(t.Term.Key)));
        }

        var now = clock.GetUtcNow();
        var horizon = now.AddDays(meetingDays);
        var meetings = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Cancelled && m.StartUtc >= now && m.StartUtc < horizon)
            .OrderBy(m => m.StartUtc).ToListAsync(ct);

        var openPolls = await db.Set<DatePoll>().AsNoTracking().Where(p => p.Status == PollStatus.Open).ToListAsync(ct);
        var openIds = openPolls.Select(p => p.Id).ToList();
        var invitees = await db.Set<PollInvitee>().AsNoTracking().Where(i => openIds.Contains(i.PollId)).ToListAsync(ct);
        var answered = (await db.Set<PollResponse>().AsNoTracking().Where(r => openIds.Contains(r.PollId))
            .Select(r => new { r.PollId, r.UserId }).ToListAsync(ct)).Select(r => (r.PollId, r.UserId)).ToHashSet();
        var pollsById = openPolls.ToDictionary(p => p.Id);
        var awaiting = invitees.Where(i => !answered.Contains((i.PollId, i.UserId)))
            .GroupBy(i => i.UserId)
            .ToDictionary(g => g.Key, g => g.Select(i => pollsById[i.PollId]).OrderBy(p => p.Id).ToList(), StringComparer.Ordinal);

        return new DigestSnapshot
        {
            Posts = [.. posts.Select(p => (p, threadSubjects.GetValueOrDefault(p.ThreadId ?? p.Id, p.Subject), authors.GetValueOrDefault(p.AuthorId, "A member"), markdown.Excerpt(p.Body, 200)))],
            Resources = [.. (await resources.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.Id).ToListAsync(ct)).Select(r => (r, Excerpt(r)))],
            Meetings = meetings,
            PollsAwaiting = awaiting,
        };
    }

    /// <summary>One member's digest: only what they may see, from the snapshot.</summary>
    public DigestContent Compose(DigestSnapshot snapshot, MailingGroup group, DeliveryMode mode, DigestPeriod period,
        DateTimeOffset windowStart, DateTimeOffset windowEnd, DigestRecipient recipient)
    {
        var posts = snapshot.Posts
            .Where(p => p.Post.PublishedAt >= windowStart && p.Post.PublishedAt < windowEnd && p.Post.AuthorId != recipient.UserId)
            .Select(p => new DigestPostItem(p.Post.Id, p.Post.ThreadId ?? p.Post.Id, p.ThreadSubject, p.Author, p.Excerpt, p.Post.ThreadId is not null, p.Post.PublishedAt!.Value))
            .ToList();

        var viewer = new LibraryViewer(true, recipient.UserId, recipient.Name, recipient.OrganisationId,
            permissions.Has(recipient.Principal, LibraryPermissions.ManageAll),
            permissions.Has(recipient.Principal, LibraryPermissions.Contribute));
        // The Library's own rule, compiled and applied to the group's candidates: the same expression its queries use.
        var kind = (viewer.IsAdmin, viewer.CanContribute, viewer.OrganisationId);
        if (!snapshot.Visibility.TryGetValue(kind, out var visible))
        {
            visible = ResourceAccess.VisibleTo(viewer with { UserId = null }).Compile();
            snapshot.Visibility[kind] = visible;
        }

        var resources = snapshot.Resources
            .Where(r => r.Resource.UpdatedAt >= windowStart && r.Resource.UpdatedAt < windowEnd && visible(r.Resource))
            .Select(r => new DigestLinkItem(r.Resource.Title, r.Excerpt, LibraryUrls.Show(r.Resource)))
            .ToList();

        var isParticipant = permissions.Has(recipient.Principal, MeetingPermissions.Participate) || permissions.Has(recipient.Principal, MeetingPermissions.Manage);
        if (!snapshot.MeetingsByParticipation.TryGetValue(isParticipant, out var meetings))
        {
            meetings = [.. MeetingAccess.VisibleToMember(snapshot.Meetings.AsQueryable(), isParticipant)
                .AsEnumerable().Select(m => new DigestLinkItem(m.Title, When(m), MeetingsUrls.Meeting(m.Id)))];
            snapshot.MeetingsByParticipation[isParticipant] = meetings;
        }

        var polls = snapshot.PollsAwaiting.GetValueOrDefault(recipient.UserId, [])
            .Select(p => new DigestLinkItem(p.Title, "Your answer is awaited.", MeetingsUrls.Poll(p.Id)))
            .ToList();
        return new DigestContent(group, mode, period, windowStart, windowEnd, posts, resources, meetings, polls);
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

    private string Excerpt(Resource r) => string.IsNullOrWhiteSpace(r.Summary) ? markdown.Excerpt(r.Body, 200) : Cut(r.Summary, 200);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string When(Meeting m)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(m.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(m.StartUtc, zone);
        return local.ToString("dddd d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) + $" ({m.TimeZoneId})";
    }
}
