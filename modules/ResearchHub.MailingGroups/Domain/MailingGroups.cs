namespace ResearchHub.MailingGroups.Domain;

/// <summary>Who may become a member (Mailman's subscription policy).</summary>
public enum JoinPolicy
{
    /// <summary>Any member of the network joins at once.</summary>
    Open = 0,
    /// <summary>A request waits for a moderator.</summary>
    Approval = 1,
    /// <summary>Only a moderator adds members.</summary>
    Invitation = 2,
}

/// <summary>Who may start threads and reply.</summary>
public enum PostPolicy
{
    Members = 0,
    /// <summary>Announce-only: moderators post, members read (List-Post: NO).</summary>
    Moderators = 1,
}

/// <summary>How a member receives a group's posts.</summary>
public enum DeliveryMode
{
    None = 0,
    EachPost = 1,
    Daily = 2,
    Weekly = 3,
    Monthly = 4,
}

public enum MembershipStatus
{
    Active = 0,
    /// <summary>Asked to join a group that needs approval.</summary>
    Pending = 1,
}

public enum PostStatus
{
    Published = 0,
    /// <summary>Waiting in the moderation queue.</summary>
    Pending = 1,
    Rejected = 2,
}

/// <summary>
/// A mailing group in the manner of Mailman 3: a name, who may join and post, its moderators (members
/// with <see cref="GroupMembership.IsModerator"/>), and the practice-area terms whose library
/// resources its digests mention.
/// </summary>
public sealed class MailingGroup
{
    public long Id { get; set; }
    /// <summary>Unique, readable: the URL's tail, the List-Id's label and the recipes' natural key.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>Markdown.</summary>
    public string Description { get; set; } = "";
    public JoinPolicy JoinPolicy { get; set; }
    public PostPolicy PostPolicy { get; set; }
    /// <summary>New threads and replies wait for a moderator before members see them.</summary>
    public bool ModeratePosts { get; set; }
    /// <summary>
    /// Practice-area term keys (the Library's "practice-areas" vocabulary), space-separated; empty:
    /// every new resource is of interest.
    /// </summary>
    public string Topics { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> TopicKeys => Topics.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One member in one group, with their delivery mode (weekly by default).</summary>
public sealed class GroupMembership
{
    public long Id { get; set; }
    public long GroupId { get; set; }
    public MailingGroup? Group { get; set; }
    public required string UserId { get; set; }
    public MembershipStatus Status { get; set; }
    public bool IsModerator { get; set; }
    public DeliveryMode Mode { get; set; } = DeliveryMode.Weekly;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when too many messages to the member's address failed for good; no mail until they resume.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    /// <summary>Failures before this moment no longer count (set when the member resumes delivery).</summary>
    public DateTimeOffset? BouncesResetAt { get; set; }
}

/// <summary>A thread's first post (<see cref="ThreadId"/> null) or a reply to it, in Markdown.</summary>
public sealed class GroupPost
{
    public long Id { get; set; }
    public long GroupId { get; set; }
    public long? ThreadId { get; set; }
    public required string AuthorId { get; set; }
    public required string Subject { get; set; }
    public string Body { get; set; } = "";
    public PostStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When it became visible to members (publication or approval): digests go by this.</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>When its author or a moderator last changed it.</summary>
    public DateTimeOffset? EditedAt { get; set; }
}

/// <summary>
/// The record that a member's digest for a group and period was composed, written in the same
/// transaction as its outbox row (none when the digest was empty). Unique per member, group, mode
/// and period: with the outbox's unique dedup key, the reason no digest is ever sent twice.
/// <see cref="WindowEnd"/> of the latest record is where the member's next digest starts.
/// </summary>
public sealed class DigestRecord
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long GroupId { get; set; }
    public DeliveryMode Mode { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public int Volume { get; set; }
    public int Issue { get; set; }
    public int Posts { get; set; }
    public int Resources { get; set; }
    /// <summary>The outbox row's dedup key; null when the digest was empty and nothing was sent.</summary>
    public string? OutboxDedupKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A named lease so only one node composes digests at a time (the outbox's claim pattern).</summary>
public sealed class MailingJobLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
}
