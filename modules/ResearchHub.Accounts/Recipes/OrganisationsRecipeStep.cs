using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Accounts.Recipes;

/// <summary>
/// { "name": "organisations", "organisations": [ { "name", "kind", "website", "rorId" } ] }:
/// creates or updates organisations, matched by name.
/// </summary>
public sealed class OrganisationsRecipeStep(TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "organisations";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var set = context.Db.Set<Organisation>();
        foreach (var (item, where) in step.Items("organisations", "step \"organisations\""))
        {
            var name = item.RequiredString("name", where).Trim();
            var kindText = item.OptionalString("kind", where) ?? "research partner";
            if (!OrganisationKinds.TryParse(kindText, out var kind))
            {
                throw new RecipeException($"{where}: kind \"{kindText}\" is not one of research partner, LAC site, network body, funder.");
            }

            var organisation = set.Local.FirstOrDefault(o => o.Name == name)
                ?? await set.FirstOrDefaultAsync(o => o.Name == name, ct);
            if (organisation is null)
            {
                organisation = new Organisation { Name = name, CreatedAt = clock.GetUtcNow() };
                set.Add(organisation);
            }

            organisation.Kind = kind;
            organisation.Website = item.OptionalString("website", where);
            organisation.RorId = item.OptionalString("rorId", where);
        }
    }
}
