using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// The signing and encryption keys of the hub's OpenID Connect provider, kept in the database
/// (OpenIdKeys) and sealed with the data-protection key ring, so every node uses the same keys and
/// they survive a redeploy. The newest key of each use signs (or encrypts); older ones are kept for
/// validating what they sealed and are published in the JWKS until deleted. Each node reads the keys
/// when it starts; <see cref="RotateAsync"/> adds new ones (the <c>openid rotate-keys</c> verb).
/// </summary>
public sealed class OpenIdKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string Purpose = "ResearchHub.Accounts.OpenIdKeys";

    /// <summary>Creates a signing and an encryption key when there is none of that use (first start).</summary>
    public async Task EnsureAsync(HubDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var use in new[] { OpenIdKey.Signing, OpenIdKey.Encryption })
        {
            if (!await db.Set<OpenIdKey>().AnyAsync(k => k.Use == use, ct))
            {
                db.Set<OpenIdKey>().Add(NewKey(use, now));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a new signing and encryption key (used by each node from its next start); old keys stay until <paramref name="dropCreatedBefore"/>.</summary>
    public async Task<int> RotateAsync(HubDbContext db, DateTimeOffset? dropCreatedBefore, CancellationToken ct)
    {
        // One instant for the pair, so "--drop-before" that instant keeps both.
        var now = clock.GetUtcNow();
        db.Set<OpenIdKey>().Add(NewKey(OpenIdKey.Signing, now));
        db.Set<OpenIdKey>().Add(NewKey(OpenIdKey.Encryption, now));
        var dropped = 0;
        if (dropCreatedBefore is { } before)
        {
            var old = (await db.Set<OpenIdKey>().ToListAsync(ct)).Where(k => k.CreatedAt < before).ToList();
            db.Set<OpenIdKey>().RemoveRange(old);
            dropped = old.Count;
        }

        await db.SaveChangesAsync(ct);
        return dropped;
    }

    /// <summary>The keys of one use, newest first, as OpenIddict takes them.</summary>
    internal IReadOnlyList<RsaSecurityKey> Load(string use)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var rows = Read(db, use);
        if (rows.Count == 0)
        {
            // Made at start-up under the lock; a site started with Hub:Database:MigrateOnStart=false makes them here.
            EnsureAsync(db, CancellationToken.None).GetAwaiter().GetResult();
            rows = Read(db, use);
        }

        var protector = protection.CreateProtector(Purpose);
        return [.. rows.Select(row =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(row.ProtectedKey)), out _);
            return new RsaSecurityKey(rsa) { KeyId = $"hub-{use}-{row.Id}" };
        })];
    }

    private static List<OpenIdKey> Read(HubDbContext db, string use) =>
        [.. db.Set<OpenIdKey>().AsNoTracking().Where(k => k.Use == use).ToList().OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)];

    private OpenIdKey NewKey(string use, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var sealedKey = protection.CreateProtector(Purpose).Protect(rsa.ExportPkcs8PrivateKey());
        return new OpenIdKey { Use = use, ProtectedKey = Convert.ToBase64String(sealedKey), CreatedAt = now };
    }
}

/// <summary>
/// Gives OpenIddict's server the keys of <see cref="OpenIdKeyRing"/> (read once, when the options are
/// first built), newest first: OpenIddict signs and encrypts with the first of each list and accepts
/// all of them. (Its post-configuration sorts the lists, but RSA keys compare equal and List.Sort
/// keeps the order of equal items in lists of up to 16, so the newest stays first.)
/// </summary>
internal sealed class OpenIdServerKeysSetup(OpenIdKeyRing keys) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        foreach (var key in keys.Load(OpenIdKey.Signing))
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }

        foreach (var key in keys.Load(OpenIdKey.Encryption))
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}

/// <summary>Creates the first keys at start-up, under the start-up lock (so two nodes starting together make one pair).</summary>
internal sealed class OpenIdKeysStartupTask : IStartupTask
{
    public int Order => -5;

    public Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OpenIdKeyRing>().EnsureAsync(services.GetRequiredService<HubDbContext>(), ct);
}
