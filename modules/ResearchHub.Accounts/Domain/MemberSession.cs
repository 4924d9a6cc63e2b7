namespace ResearchHub.Accounts.Domain;

/// <summary>
/// One signed-in session (a browser's sign-in cookie carries its id). The cookie is honoured only
/// while this row exists and neither its absolute end nor its idle limit has passed, so deleting the
/// rows ends a member's sessions at their next request, however many copies of the cookie exist.
/// </summary>
public sealed class MemberSession
{
    /// <summary>128 random bits, base64url: inside the (encrypted) cookie, never shown.</summary>
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last request, to within <see cref="Services.MemberSessions.TouchInterval"/>.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>The absolute end: sign-in time plus <c>Hub:Accounts:SessionDays</c>.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
