using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Api;

public sealed record MeResponse(string Id, string Email, string DisplayName, string? Organisation, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);

public sealed record MemberResponse(string Id, string Email, string DisplayName, string? Organisation, bool LockedOut);

public sealed record OrganisationResponse(long Id, string Name, string Kind, string? Website, string? RorId);

public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string? Actor, string Action, string? Target, string? Detail, string? IpAddress);

/// <summary>/api/v1 endpoints of the Accounts module. Every one needs a personal API token with the named scope.</summary>
public static class AccountsEndpoints
{
    public static void MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Accounts");

        api.MapGet("/me", async Task<Ok<MeResponse>> (ClaimsPrincipal principal, UserManager<HubUser> users, HubDbContext db, CancellationToken ct) =>
        {
            var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
            var user = await db.Set<HubUser>().Include(u => u.Organisation).FirstAsync(u => u.Id == id, ct);
            return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? "", user.DisplayName, user.Organisation?.Name,
                [.. await users.GetRolesAsync(user)],
                [.. principal.FindAll(HubPolicies.ScopeClaim).Select(c => c.Value)]));
        }).RequireScope(AccountsApiScopes.Read).WithName("getMe").WithSummary("The token's member, roles and scopes");

        api.MapGet("/organisations", async Task<Results<Ok<Paged<OrganisationResponse>>, ValidationProblem>> (HttpContext http, int? page, int? pageSize, HubDbContext db, PublicUrls urls, CancellationToken ct) =>
        {
            var (request, error) = ApiPaging.Read(page, pageSize);
            if (error is not null)
            {
                return error;
            }

            return TypedResults.Ok(await ApiPaging.PageAsync(http, urls, db.Set<Organisation>().OrderBy(o => o.Name).ThenBy(o => o.Id), request!,
                o => new OrganisationResponse(o.Id, o.Name, OrganisationKinds.DisplayName(o.Kind), o.Website, o.RorId), ct));
        }).RequireScope(AccountsApiScopes.Read).WithName("listOrganisations").WithSummary("List the network's organisations");

        var admin = api.MapGroup("/admin")
            .RequireScope(ApiScopes.Admin, HubPolicies.Permission + Permissions.ManageMembers);

        admin.MapGet("/members", async Task<Results<Ok<Paged<MemberResponse>>, ValidationProblem>> (HttpContext http, int? page, int? pageSize, HubDbContext db, PublicUrls urls, TimeProvider clock, CancellationToken ct) =>
        {
            var (request, error) = ApiPaging.Read(page, pageSize);
            if (error is not null)
            {
                return error;
            }

            var now = clock.GetUtcNow();
            return TypedResults.Ok(await ApiPaging.PageAsync(http, urls, db.Set<HubUser>().Include(u => u.Organisation).OrderBy(u => u.Email).ThenBy(u => u.Id), request!,
                u => new MemberResponse(u.Id, u.Email ?? "", u.DisplayName, u.Organisation?.Name, u.LockoutEnd > now), ct));
        }).WithName("listMembers").WithSummary("List the members (administrators)");

        // Newest first; a page holds up to 500 entries (the log grows fast, and reading it is for administrators' scripts).
        admin.MapGet("/audit", async Task<Results<Ok<Paged<AuditEntryResponse>>, ValidationProblem>> (HttpContext http, int? page, int? pageSize, HubDbContext db, PublicUrls urls, CancellationToken ct) =>
        {
            var (request, error) = ApiPaging.Read(page, pageSize, defaultPageSize: 100, maxPageSize: 500);
            if (error is not null)
            {
                return error;
            }

            return TypedResults.Ok(await ApiPaging.PageAsync(http, urls, db.Set<AuditEntry>().OrderByDescending(a => a.Id), request!,
                a => new AuditEntryResponse(a.Id, a.At, a.ActorEmail, a.Action, a.Target, a.Detail, a.IpAddress), ct));
        }).WithName("listAuditEntries").WithSummary("Read the audit log, newest first (administrators)");
    }
}
