using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Api;

public sealed record MeResponse(string Id, string Email, string DisplayName, string? Organisation, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);

public sealed record MemberResponse(string Id, string Email, string DisplayName, string? Organisation, bool LockedOut);

public sealed record OrganisationResponse(long Id, string Name, string Kind, string? Website, string? RorId);

public sealed record AuditEntryResponse(DateTimeOffset At, string? Actor, string Action, string? Target, string? Detail, string? IpAddress);

/// <summary>/api/v1 endpoints of the Accounts module. Every one needs a personal API token with the named scope.</summary>
public static class AccountsEndpoints
{
    public static void MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Accounts");

        api.MapGet("/me", async (ClaimsPrincipal principal, UserManager<HubUser> users, HubDbContext db, CancellationToken ct) =>
        {
            var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
            var user = await db.Set<HubUser>().Include(u => u.Organisation).FirstAsync(u => u.Id == id, ct);
            return new MeResponse(user.Id, user.Email ?? "", user.DisplayName, user.Organisation?.Name,
                [.. await users.GetRolesAsync(user)],
                [.. principal.FindAll(HubPolicies.ScopeClaim).Select(c => c.Value)]);
        }).RequireScope(ApiScopes.AccountsRead);

        api.MapGet("/organisations", async (HubDbContext db, CancellationToken ct) =>
            (await db.Set<Organisation>().OrderBy(o => o.Name).ToListAsync(ct))
                .Select(o => new OrganisationResponse(o.Id, o.Name, OrganisationKinds.DisplayName(o.Kind), o.Website, o.RorId)))
            .RequireScope(ApiScopes.AccountsRead);

        var admin = api.MapGroup("/admin")
            .RequireScope(ApiScopes.Admin, HubPolicies.Permission + Permissions.ManageMembers);

        admin.MapGet("/members", async (HubDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            return (await db.Set<HubUser>().Include(u => u.Organisation).OrderBy(u => u.Email).ToListAsync(ct))
                .Select(u => new MemberResponse(u.Id, u.Email ?? "", u.DisplayName, u.Organisation?.Name, u.LockoutEnd > now));
        });

        admin.MapGet("/audit", async (HubDbContext db, int? take, CancellationToken ct) =>
            (await db.Set<AuditEntry>().OrderByDescending(a => a.Id).Take(Math.Clamp(take ?? 100, 1, 1000)).ToListAsync(ct))
                .Select(a => new AuditEntryResponse(a.At, a.ActorEmail, a.Action, a.Target, a.Detail, a.IpAddress)));
    }
}
