namespace ResearchHub.MailingGroups.Domain;

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
