namespace ResearchHub.Meetings.Domain;

/// <summary>A member's personal calendar feed: the URL carries a secret, stored here as its SHA-256.</summary>
public sealed class CalendarFeed
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
