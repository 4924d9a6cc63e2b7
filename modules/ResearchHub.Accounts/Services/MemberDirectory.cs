using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;

namespace ResearchHub.Accounts.Services;

/// <summary>Accounts' answer to <see cref="IMemberDirectory"/>: the only place other modules' questions about members and organisations are read from its tables.</summary>
public sealed class MemberDirectory(HubDbContext db, UserManager<HubUser> users, ContentCache cache) : IMemberDirectory
{
    /// <summary>
    /// One member, from the content cache under the member's id (every page a member sees asks for
    /// them: their name and organisation; a change to the member's row raises the change stamp). An id
    /// not found is not kept (a member may be added in the unit of work asking).
    /// </summary>
    public Task<Member?> FindAsync(string userId, CancellationToken ct) =>
        cache.GetOrReadAsync($"member:{userId}", async c => (await FindAsync([userId], c)).GetValueOrDefault(userId), found => found is not null, ct);

    public async Task<IReadOnlyDictionary<string, Member>> FindAsync(IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, Member>(StringComparer.Ordinal);
        }

        // Filtered before the projection: EF cannot translate a condition on a constructed record.
        var members = await db.Set<HubUser>().AsNoTracking().Where(u => ids.Contains(u.Id)).Select(AsMember).ToListAsync(ct);
        return members.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    public async Task<Member?> FindByEmailAsync(string email, CancellationToken ct) =>
        (await FindByEmailAsync([email], ct)).GetValueOrDefault(Normalise(email));

    public async Task<IReadOnlyDictionary<string, Member>> FindByEmailAsync(IEnumerable<string> emails, CancellationToken ct)
    {
        var normalised = emails.Select(Normalise).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, Member>(StringComparer.Ordinal);
        if (normalised.Count == 0)
        {
            return found;
        }

        // Members added in this unit of work (a recipe's "members" step) and not saved yet count too.
        foreach (var user in db.Set<HubUser>().Local.Where(u => u.NormalizedEmail is not null && normalised.Contains(u.NormalizedEmail)))
        {
            found[user.NormalizedEmail!] = new Member(user.Id, user.DisplayName, user.Email, user.OrganisationId, user.Organisation?.Name);
        }

        var missing = normalised.Where(e => !found.ContainsKey(e)).ToList();
        if (missing.Count > 0)
        {
            var rows = await db.Set<HubUser>().AsNoTracking().Where(u => missing.Contains(u.NormalizedEmail!))
                .Select(u => new { u.NormalizedEmail, Member = new Member(u.Id, u.DisplayName, u.Email, u.OrganisationId, u.Organisation != null ? u.Organisation.Name : null) })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                found[row.NormalizedEmail!] = row.Member;
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<Member>> AllAsync(CancellationToken ct) =>
        await db.Set<HubUser>().AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new Member(u.Id, u.DisplayName, u.Email, u.OrganisationId, u.Organisation != null ? u.Organisation.Name : null))
            .ToListAsync(ct);

    public async Task<Member?> FindActiveAsync(string userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        return user is null || await users.IsLockedOutAsync(user) ? null : await FindAsync(userId, ct);
    }

    public async Task<IReadOnlyList<string>> RolesAsync(string userId, CancellationToken ct) =>
        await users.FindByIdAsync(userId) is { } user ? [.. await users.GetRolesAsync(user)] : [];

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RolesAsync(IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        }

        var rows = await db.Set<IdentityUserRole<string>>().AsNoTracking().Where(ur => ids.Contains(ur.UserId))
            .Join(db.Set<IdentityRole>(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        return rows.Where(r => r.Name is not null).GroupBy(r => r.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Name!)], StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> IdsInRoleAsync(string role, CancellationToken ct) =>
        await db.Set<IdentityUserRole<string>>()
            .Join(db.Set<IdentityRole>(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == role)
            .Select(x => x.UserId)
            .ToListAsync(ct);

    public async Task<IReadOnlyList<OrganisationEntry>> OrganisationsAsync(CancellationToken ct) =>
        await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganisationEntry(o.Id, o.Name)).ToListAsync(ct);

    public async Task<IReadOnlyDictionary<long, string>> OrganisationNamesAsync(CancellationToken ct) =>
        await db.Set<Organisation>().AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    public async Task<IReadOnlyDictionary<long, string>> OrganisationNamesAsync(IEnumerable<long> organisationIds, CancellationToken ct)
    {
        var ids = organisationIds.Distinct().ToList();
        return ids.Count == 0
            ? new Dictionary<long, string>()
            : await db.Set<Organisation>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public async Task<long?> OrganisationIdByNameAsync(string name, CancellationToken ct)
    {
        // An organisation added in this unit of work (a recipe's "organisations" step) counts too.
        var organisations = db.Set<Organisation>();
        return (organisations.Local.FirstOrDefault(o => o.Name == name)
            ?? await organisations.FirstOrDefaultAsync(o => o.Name == name, ct))?.Id;
    }

    private static readonly System.Linq.Expressions.Expression<Func<HubUser, Member>> AsMember =
        u => new Member(u.Id, u.DisplayName, u.Email, u.OrganisationId, u.Organisation != null ? u.Organisation.Name : null);

    private static string Normalise(string email) => email.Trim().ToUpperInvariant();
}
