namespace ResearchHub.MailingGroups.Domain;

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
    /// <summary>Items of the news sections the digest held (<see cref="Services.DigestContent.News"/>: the library's new resources).</summary>
    public int Resources { get; set; }
    /// <summary>The outbox row's dedup key; null when the digest was empty and nothing was sent.</summary>
    public string? OutboxDedupKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
