using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages.Recipes;

/// <summary>Exports the "pages" step, unpublished pages included (with "published": false).</summary>
public sealed class PagesRecipeExporter : IRecipeExporter
{
    public int Order => 200;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var pages = await context.Db.Set<Page>().OrderBy(p => p.Slug).ToListAsync(ct);
        if (pages.Count == 0)
        {
            return [];
        }

        var items = new JsonArray();
        foreach (var p in pages)
        {
            items.Add(new JsonObject
            {
                ["slug"] = p.Slug,
                ["title"] = p.Title,
                ["body"] = p.BodyMarkdown,
                ["navOrder"] = p.NavOrder,
                ["published"] = p.Published,
            });
        }

        return [new JsonObject { ["name"] = "pages", ["pages"] = items }];
    }
}
