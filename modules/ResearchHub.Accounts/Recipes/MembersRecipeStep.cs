using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Accounts.Recipes;

/// <summary>
/// { "name": "members", "members": [ { "email", "displayName", "role", "organisation" } ] }:
/// creates members without a password (they set one through "forgot password"); matched by email,
/// so running it again changes nothing.
/// </summary>
public sealed class MembersRecipeStep(UserManager<HubUser> users, AdminBootstrapService bootstrap, TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "members";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        await bootstrap.EnsureRolesAsync();
        foreach (var (item, where) in step.Items("members", "step \"members\""))
        {
            var email = item.RequiredString("email", where).Trim();
            if (!InvitationService.IsValidEmail(email))
            {
                throw new RecipeException($"{where}: \"{email}\" is not a valid email address.");
            }

            var role = item.OptionalString("role", where) ?? HubRoles.Member;
            if (!HubRoles.All.Contains(role))
            {
                throw new RecipeException($"{where}: role \"{role}\" is not one of {string.Join(", ", HubRoles.All)}.");
            }

            long? organisationId = null;
            if (item.OptionalString("organisation", where) is { } orgName)
            {
                var organisation = context.Db.Set<Organisation>().Local.FirstOrDefault(o => o.Name == orgName)
                    ?? await context.Db.Set<Organisation>().FirstOrDefaultAsync(o => o.Name == orgName, ct)
                    ?? throw new RecipeException($"{where}: organisation \"{orgName}\" does not exist (add it in an \"organisations\" step first).");
                organisationId = organisation.Id;
            }

            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new HubUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = item.OptionalString("displayName", where) ?? email,
                OrganisationId = organisationId,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new RecipeException($"{where}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }

            var roled = await users.AddToRoleAsync(user, role);
            if (!roled.Succeeded)
            {
                throw new RecipeException($"{where}: {string.Join(" ", roled.Errors.Select(e => e.Description))}");
            }
        }
    }
}
