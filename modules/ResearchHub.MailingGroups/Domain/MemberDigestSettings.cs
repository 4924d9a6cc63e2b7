namespace ResearchHub.MailingGroups.Domain;

/// <summary>
/// A member's own digest settings, across their groups: the time zone whose days, weeks and months
/// their digests follow and whose clock the send hour is read on (no row, or no zone: the site's,
/// <c>Hub:MailingGroups:TimeZone</c>), and whether the groups they take by digest come together in
/// one combined email.
/// </summary>
public sealed class MemberDigestSettings
{
    public required string UserId { get; set; }
    /// <summary>An IANA time zone id (Europe/London), or null for the site's.</summary>
    public string? TimeZone { get; set; }
    /// <summary>
    /// <see cref="DeliveryMode.None"/>: each group's digest on its own, as chosen per group. Daily,
    /// weekly or monthly: one email at that frequency for every group the member takes by digest.
    /// </summary>
    public DeliveryMode Combined { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
