namespace ResearchHub.Accounts.Domain;

/// <summary>
/// An invitation by email, with the role and organisation preset. Only the SHA-256 of its token is
/// stored; it can be accepted once, before it expires (7 days), unless revoked.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public long Id { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public long? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public required string TokenHash { get; set; }
    public string? InvitedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? AcceptedUserId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public InvitationStatus StatusAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationStatus.Accepted
        : RevokedAt is not null ? InvitationStatus.Revoked
        : now >= ExpiresAt ? InvitationStatus.Expired
        : InvitationStatus.Open;
}
