using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Accounts.Recipes;

/// <summary>
/// Exports the "members" step: email, display name, role and organisation, never a password, a
/// two-step secret or a token. The importing hub creates them as accounts without a password, so
/// each member sets one through "forgot password" (or is sent an invitation) before signing in.
/// Other modules' steps name members by email (moderators, organisers, authors), so this comes
/// right after organisations.
/// </summary>
public sealed class MembersRecipeExporter : IRecipeExporter
{
    public int Order => 150;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var db = context.Db;
        var users = await db.Set<HubUser>().Where(u => u.Email != null).OrderBy(u => u.Email).ToListAsync(ct);
        if (users.Count == 0)
        {
            return [];
        }

        var organisations = await db.Set<Organisation>().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var roles = await (from ur in db.Set<IdentityUserRole<string>>()
                           join r in db.Set<IdentityRole>() on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var rolesByUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name).ToHashSet(StringComparer.Ordinal));

        var items = new JsonArray();
        foreach (var u in users)
        {
            // A member holds one role in this hub; should they hold several, the most powerful is kept.
            var held = rolesByUser.GetValueOrDefault(u.Id) ?? [];
            var role = HubRoles.All.FirstOrDefault(held.Contains) ?? HubRoles.Member;
            items.Add(new JsonObject
            {
                ["email"] = u.Email,
                ["displayName"] = u.DisplayName,
                ["role"] = role,
                ["organisation"] = u.OrganisationId is { } id ? organisations.GetValueOrDefault(id) : null,
            });
        }

        return [new JsonObject { ["name"] = "members", ["members"] = items }];
    }
}
