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

/// <summary>One area of the API and the levels a token can be given in it.</summary>
public sealed record ApiArea(string Name, string Description, bool HasWrite)
{
    public string ReadScope => $"{Name}:{ApiScopes.Read}";

    public string? WriteScope => HasWrite ? $"{Name}:{ApiScopes.Write}" : null;
}

/// <summary>
/// The scopes a personal API token can carry: a level per area ("library:read", "library:write",
/// ...) and "admin" for the administration endpoints (only for administrators). "write" does not
/// include "read": a token that should do both carries both. Tokens made before scopes were per area
/// carried "read" and "write" for everything; <see cref="Expand"/> maps those words to every area's
/// read or write scope (the 20261122180000_AreaApiScopes migration rewrote the stored ones).
/// </summary>
public static class ApiScopes
{
    /// <summary>The level word, and the legacy scope: read in every area.</summary>
    public const string Read = "read";
    /// <summary>The level word, and the legacy scope: write in every area.</summary>
    public const string Write = "write";
    /// <summary>Administration endpoints (and only for administrators).</summary>
    public const string Admin = "admin";

    public const string AccountsRead = "accounts:read";
    public const string LibraryRead = "library:read";
    public const string LibraryWrite = "library:write";
    public const string MeetingsRead = "meetings:read";
    public const string MeetingsWrite = "meetings:write";
    public const string CodebooksRead = "codebooks:read";
    public const string CodebooksWrite = "codebooks:write";
    public const string SearchRead = "search:read";

    public static readonly IReadOnlyList<ApiArea> Areas =
    [
        new("accounts", "your own profile (/api/v1/me) and the organisations", HasWrite: false),
        new("library", "resources and their files", HasWrite: true),
        new("meetings", "meetings, registration and date polls", HasWrite: true),
        new("codebooks", "story-coding schemes and their .qdc import", HasWrite: true),
        new("search", "search over everything you may see", HasWrite: false),
    ];

    /// <summary>Every scope a token can be created with, in the order they are stored.</summary>
    public static readonly IReadOnlyList<string> All =
        [.. Areas.Select(a => a.ReadScope), .. Areas.Select(a => a.WriteScope).OfType<string>(), Admin];

    /// <summary>The scopes the legacy words stand for: "read" is every area's read scope, "write" every area's write scope.</summary>
    public static IReadOnlyList<string> Legacy(string scope) => scope switch
    {
        Read => [.. Areas.Select(a => a.ReadScope)],
        Write => [.. Areas.Select(a => a.WriteScope).OfType<string>()],
        _ => [scope],
    };

    /// <summary>The given scopes with the legacy words replaced, deduplicated, in the order of <see cref="All"/>; unknown ones are dropped.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> scopes)
    {
        var expanded = scopes.SelectMany(Legacy).ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(expanded.Contains)];
    }

    public static bool IsKnown(string scope) => scope is Read or Write || All.Contains(scope);
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
    public const string SignedOutEverywhere = "signed-out-everywhere";
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
    public const string PasskeyAdded = "passkey-added";
    public const string PasskeyRemoved = "passkey-removed";
    public const string MemberLocked = "member-locked";
    public const string MemberUnlocked = "member-unlocked";
    public const string AdministratorCreated = "administrator-created";
    public const string OpenIdClientRegistered = "openid-client-registered";
    public const string OpenIdClientDeleted = "openid-client-deleted";
    public const string OpenIdConsentGranted = "openid-consent-granted";
    public const string OpenIdConsentRevoked = "openid-consent-revoked";
}
