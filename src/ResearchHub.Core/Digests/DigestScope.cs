namespace ResearchHub.Core.Digests;

/// <summary>
/// What a group's digests cover: news from <paramref name="From"/> to <paramref name="To"/> (the
/// union of the members' windows), the group's topics (practice-area term keys; empty: every
/// topic), and things coming up in the next <paramref name="UpcomingDays"/> days.
/// </summary>
public sealed record DigestScope(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> TopicKeys, int UpcomingDays);
