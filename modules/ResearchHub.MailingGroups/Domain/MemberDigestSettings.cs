namespace ResearchHub.MailingGroups.Domain;

/// <summary>
/// A member's own digest settings, across their groups: the time zone whose days, weeks and months
/// their digests follow and whose clock the send hour is read on. No row, or no zone: the site's
/// (<c>Hub:MailingGroups:TimeZone</c>).
/// </summary>
public sealed class MemberDigestSettings
{
    public required string UserId { get; set; }
    /// <summary>An IANA time zone id (Europe/London), or null for the site's.</summary>
    public string? TimeZone { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
