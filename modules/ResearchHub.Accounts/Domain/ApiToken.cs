namespace ResearchHub.Accounts.Domain;

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
