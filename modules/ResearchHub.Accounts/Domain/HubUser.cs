using Microsoft.AspNetCore.Identity;

namespace ResearchHub.Accounts.Domain;

/// <summary>A member of the network: an Identity user with a display name and an organisation.</summary>
public sealed class HubUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public long? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>
    /// Locked by an administrator (lockout without end, year 9999), as opposed to the temporary lock
    /// after failed sign-ins, which a password reset lifts.
    /// </summary>
    public bool IsLockedByAdministrator => LockoutEnd is { Year: >= 9999 };
}
