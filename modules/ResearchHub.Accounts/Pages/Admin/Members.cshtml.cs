using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Admin;

public sealed record MemberRow(HubUser User, string Role, bool LockedOut, bool TwoFactor);

[Authorize(Policy = HubPolicies.Permission + Permissions.ManageMembers)]
public sealed class MembersModel(HubDbContext db, UserManager<HubUser> users, AuditLog audit, TimeProvider clock, MemberSessions sessions) : PageModel
{
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var list = await db.Set<HubUser>().Include(u => u.Organisation).OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ToListAsync(ct);
        var rows = new List<MemberRow>();
        foreach (var user in list)
        {
            var roles = await users.GetRolesAsync(user);
            rows.Add(new MemberRow(user, roles.FirstOrDefault() ?? HubRoles.Member, user.LockoutEnd > now, user.TwoFactorEnabled));
        }

        Members = rows;
        Organisations = await db.Set<Organisation>().OrderBy(o => o.Name).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRoleAsync(string id, string role, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null || !HubRoles.All.Contains(role))
        {
            StatusMessage = "Nothing changed: that member or role does not exist.";
            return RedirectToPage();
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(HubRoles.Administrator) && role != HubRoles.Administrator
            && (await users.GetUsersInRoleAsync(HubRoles.Administrator)).Count == 1)
        {
            StatusMessage = "Nothing changed: the site needs at least one administrator.";
            return RedirectToPage();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, ct);
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, role);
            // Every session of the member ends: they sign in again with the new role.
            await users.UpdateSecurityStampAsync(user);
            await sessions.EndAllAsync(user.Id, ct: ct);
            audit.Add(AuditActions.RoleChanged, user.Email, $"{string.Join(", ", current)} → {role}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
        StatusMessage = $"{user.DisplayName} is now {HubRoles.DisplayName(role)}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostOrganisationAsync(string id, long? organisationId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null || (organisationId is not null && await db.Set<Organisation>().FindAsync([organisationId], ct) is null))
        {
            StatusMessage = "Nothing changed: that member or organisation does not exist.";
            return RedirectToPage();
        }

        user.OrganisationId = organisationId;
        await users.UpdateAsync(user);
        StatusMessage = $"{user.DisplayName}'s organisation has been changed.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLockAsync(string id, bool locked, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null || user.Id == users.GetUserId(User))
        {
            StatusMessage = "Nothing changed: you cannot lock your own account.";
            return RedirectToPage();
        }

        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        await users.UpdateSecurityStampAsync(user);
        if (locked)
        {
            // Refused at their next request, not at the next security-stamp check.
            await sessions.EndAllAsync(user.Id, ct: ct);
        }

        await audit.WriteAsync(locked ? AuditActions.MemberLocked : AuditActions.MemberUnlocked, user.Email, ct: ct);
        StatusMessage = locked ? $"{user.DisplayName} can no longer sign in." : $"{user.DisplayName} can sign in again.";
        return RedirectToPage();
    }
}
