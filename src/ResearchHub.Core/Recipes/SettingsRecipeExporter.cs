using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Settings;

namespace ResearchHub.Core.Recipes;

/// <summary>Exports the "settings" step.</summary>
public sealed class SettingsRecipeExporter : IRecipeExporter
{
    public int Order => 0;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var values = new JsonObject();
        // The site's address belongs to this hub, not to its content: the other hub keeps its own.
        foreach (var setting in await context.Db.SiteSettings.Where(s => s.Key != SiteSettingKeys.BaseUrl).OrderBy(s => s.Key).ToListAsync(ct))
        {
            values[setting.Key] = setting.Value;
        }

        return values.Count == 0 ? [] : [new JsonObject { ["name"] = "settings", ["values"] = values }];
    }
}
