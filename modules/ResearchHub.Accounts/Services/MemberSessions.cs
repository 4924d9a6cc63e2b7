using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Server-side session records behind the sign-in cookie. Every authenticated request reads its
/// session row by primary key (and writes it at most once a <see cref="TouchInterval"/>); ending
/// sessions deletes rows, which takes effect on each copy of the cookie at its next request.
/// Chosen over checking the security stamp on every request, which loads the member, their roles
/// and claims and re-issues the cookie each time (see the README for the measured cost).
/// </summary>
public sealed class MemberSessions(HubDbContext db, TimeProvider clock, IOptions<AccountsOptions> options)
{
    /// <summary>The key of the session id in the cookie's authentication properties.</summary>
    public const string PropertyKey = "hub.session";

    /// <summary>How stale <see cref="MemberSession.LastSeenAt"/> may be: the idle limit's precision.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public TimeSpan Lifetime => TimeSpan.FromDays(options.Value.SessionDays);

    public TimeSpan IdleTimeout => TimeSpan.FromHours(options.Value.IdleHours);

    /// <summary>Starts a session for the member (and drops their sessions that have ended on their own).</summary>
    public async Task<string> StartAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var idleSince = now - IdleTimeout;
        await db.Set<MemberSession>()
            .Where(s => s.UserId == userId && (s.ExpiresAt <= now || s.LastSeenAt <= idleSince))
            .ExecuteDeleteAsync(ct);
        var session = new MemberSession
        {
            Id = Base64Url(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Set<MemberSession>().Add(session);
        await db.SaveChangesAsync(ct);
        db.Entry(session).State = EntityState.Detached;
        return session.Id;
    }

    /// <summary>True when the session exists, is the member's and has neither expired nor idled out; notes the activity.</summary>
    public async Task<bool> ValidateAsync(string sessionId, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var session = await db.Set<MemberSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.UserId != userId)
        {
            return false;
        }

        if (now >= session.ExpiresAt || now >= session.LastSeenAt + IdleTimeout)
        {
            await EndAsync(sessionId, ct);
            return false;
        }

        if (now - session.LastSeenAt >= TouchInterval)
        {
            await db.Set<MemberSession>().Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
        }

        return true;
    }

    /// <summary>Ends one session (sign-out).</summary>
    public Task EndAsync(string sessionId, CancellationToken ct = default) =>
        db.Set<MemberSession>().Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);

    /// <summary>Ends every session of the member, except <paramref name="keep"/> when given; returns how many ended.</summary>
    public Task<int> EndAllAsync(string userId, string? keep = null, CancellationToken ct = default) =>
        db.Set<MemberSession>().Where(s => s.UserId == userId && s.Id != keep).ExecuteDeleteAsync(ct);

    /// <summary>How many live sessions the member has (the profile shows it).</summary>
    public Task<int> CountAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var idleSince = now - IdleTimeout;
        return db.Set<MemberSession>().CountAsync(s => s.UserId == userId && s.ExpiresAt > now && s.LastSeenAt > idleSince, ct);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
