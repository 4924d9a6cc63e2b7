using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Accounts.Recipes;

/// <summary>
/// Exports the "organisations" step (members follow in <see cref="MembersRecipeExporter"/>, without passwords).
/// </summary>
public sealed class OrganisationsRecipeExporter : IRecipeExporter
{
    public int Order => 100;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var organisations = await context.Db.Set<Organisation>().OrderBy(o => o.Name).ToListAsync(ct);
        if (organisations.Count == 0)
        {
            return [];
        }

        var items = new JsonArray();
        foreach (var o in organisations)
        {
            items.Add(new JsonObject { ["name"] = o.Name, ["kind"] = o.Kind.ToString(), ["website"] = o.Website, ["rorId"] = o.RorId });
        }

        return [new JsonObject { ["name"] = "organisations", ["organisations"] = items }];
    }
}
