using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Services;

public sealed record NewApiToken(ApiToken Token, string PlainText);

/// <summary>Personal API tokens: created (the plain text returned once), listed, revoked, verified.</summary>
public sealed class ApiTokenService(HubDbContext db, AuditLog audit, TimeProvider clock, ApiScopeCatalog scopeCatalog)
{
    public const string TokenPrefix = "rh_";
    public const int MaxLifetimeDays = 366;

    public async Task<(NewApiToken? Token, IReadOnlyList<string> Errors)> CreateAsync(
        HubUser user, bool isAdministrator, string name, IReadOnlyCollection<string> scopes, int lifetimeDays, CancellationToken ct)
    {
        var errors = new List<string>();
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            errors.Add("Give the token a name of up to 100 characters, so you know later what it is for.");
        }

        // "read" and "write" (every area) are still accepted from programs that call this service, and stored as what they mean.
        if (scopes.Count == 0 || scopes.Any(s => !scopeCatalog.IsKnown(s)))
        {
            errors.Add("Choose at least one of the scopes offered.");
        }

        scopes = scopeCatalog.Expand(scopes).ToList();
        if (scopes.Contains(ApiScopes.Admin) && !isAdministrator)
        {
            errors.Add("Only administrators can create tokens with the admin scope.");
        }

        if (lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            errors.Add($"A token lasts between 1 and {MaxLifetimeDays} days.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var plain = SecretTokens.New(TokenPrefix);
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = name,
            Prefix = plain[..10],
            TokenHash = SecretTokens.Hash(plain),
            Scopes = string.Join(' ', scopes),
            CreatedAt = now,
            ExpiresAt = now.AddDays(lifetimeDays),
        };
        db.Set<ApiToken>().Add(token);
        audit.Add(AuditActions.TokenCreated, user.Email, $"{name} ({token.Scopes}), expires {token.ExpiresAt:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return (new NewApiToken(token, plain), []);
    }

    public Task<List<ApiToken>> ListAsync(string userId, CancellationToken ct) =>
        db.Set<ApiToken>().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);

    /// <summary>Revokes one of the user's own tokens (or any token, for an administrator).</summary>
    public async Task<bool> RevokeAsync(long id, string userId, bool isAdministrator, CancellationToken ct)
    {
        var token = await db.Set<ApiToken>().Include(t => t.User).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null || (token.UserId != userId && !isAdministrator) || token.RevokedAt is not null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow();
        audit.Add(AuditActions.TokenRevoked, token.User?.Email, token.Name);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The active token matching the plain text, with its user; null when unknown, expired or revoked.</summary>
    public async Task<ApiToken?> VerifyAsync(string plain, CancellationToken ct)
    {
        if (!plain.StartsWith(TokenPrefix, StringComparison.Ordinal) || plain.Length > 100)
        {
            return null;
        }

        var hash = SecretTokens.Hash(plain);
        var now = clock.GetUtcNow();
        var token = await db.Set<ApiToken>().Include(t => t.User).FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || !token.IsActiveAt(now) || token.User is null)
        {
            return null;
        }

        // Record use at most once a minute: no write on every API call.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.Set<ApiToken>().Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }

        return token;
    }

    public static bool IsAdministrator(IEnumerable<string> roles) => roles.Contains(HubRoles.Administrator);
}
