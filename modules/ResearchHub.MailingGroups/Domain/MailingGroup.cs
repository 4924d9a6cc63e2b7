namespace ResearchHub.MailingGroups.Domain;

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
