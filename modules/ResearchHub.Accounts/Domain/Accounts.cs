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
}

public enum OrganisationKind
{
    ResearchPartner = 0,
    LacSite = 1,
    NetworkBody = 2,
    Funder = 3,
}

public static class OrganisationKinds
{
    public static string DisplayName(OrganisationKind kind) => kind switch
    {
        OrganisationKind.ResearchPartner => "Research partner",
        OrganisationKind.LacSite => "LAC site",
        OrganisationKind.NetworkBody => "Network body",
        OrganisationKind.Funder => "Funder",
        _ => kind.ToString(),
    };

    /// <summary>Accepts "ResearchPartner", "research-partner" or "research partner" (recipes, forms).</summary>
    public static bool TryParse(string? value, out OrganisationKind kind)
    {
        var normalised = (value ?? "").Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse(normalised, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }
}

/// <summary>A research partner, LAC site, network body or funder, with its members.</summary>
public sealed class Organisation
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    public string? Website { get; set; }
    /// <summary>The Research Organization Registry id (https://ror.org/...), when the organisation has one.</summary>
    public string? RorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<HubUser> Members { get; set; } = [];
}

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

public enum InvitationStatus
{
    Open,
    Accepted,
    Revoked,
    Expired,
}

/// <summary>A personal API token: shown once, stored as its SHA-256, limited to scopes and a lifetime.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public HubUser? User { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, so its owner can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>Space-separated scopes.</summary>
    public required string Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>The scopes a personal API token can carry.</summary>
public static class ApiScopes
{
    /// <summary>Read what the token's owner may read.</summary>
    public const string Read = "read";
    /// <summary>Create and change what the token's owner may change.</summary>
    public const string Write = "write";
    /// <summary>Administration endpoints (and only for administrators).</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];
}

/// <summary>One sensitive action: who did what, to what, when and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string? ActorEmail { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string RoleChanged = "role-changed";
    public const string InvitationSent = "invitation-sent";
    public const string InvitationAccepted = "invitation-accepted";
    public const string InvitationRevoked = "invitation-revoked";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string PasswordReset = "password-reset";
    public const string PasswordChanged = "password-changed";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string MemberLocked = "member-locked";
    public const string MemberUnlocked = "member-unlocked";
    public const string AdministratorCreated = "administrator-created";
}
