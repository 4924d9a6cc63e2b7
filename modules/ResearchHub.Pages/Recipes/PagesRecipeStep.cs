using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages.Recipes;

/// <summary>
/// { "name": "pages", "pages": [ { "slug", "title", "body", "navOrder", "published" } ] }: creates
/// or updates pages, matched by slug. "body" is Markdown; "navOrder" (null or absent: not in the
/// menu) and "published" (default true: a recipe's pages are meant to be seen) are optional. A page
/// whose fields already match is left untouched, so running the step again changes nothing.
/// </summary>
public sealed class PagesRecipeStep(TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "pages";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var set = context.Db.Set<Page>();
        foreach (var (item, where) in step.Items("pages", "step \"pages\""))
        {
            var draft = new PageDraft(
                item.RequiredString("slug", where),
                item.RequiredString("title", where),
                item.OptionalString("body", where) ?? "",
                item.OptionalInt("navOrder", where),
                item.OptionalBool("published", where) ?? true);
            var errors = PageRules.Validate(draft);
            if (errors.Count > 0)
            {
                throw new RecipeException($"{where} (page \"{draft.Slug}\"): {string.Join("; ", errors.Select(e => e.Message))}.");
            }

            var slug = PageRules.NormaliseSlug(draft.Slug);
            var title = draft.Title!.Trim();
            var page = set.Local.FirstOrDefault(p => p.Slug == slug)
                ?? await set.FirstOrDefaultAsync(p => p.Slug == slug, ct);
            var now = clock.GetUtcNow();
            if (page is null)
            {
                page = new Page { Slug = slug, Title = title, CreatedAt = now, UpdatedAt = now };
                set.Add(page);
            }
            else if (page.Title == title && page.BodyMarkdown == draft.BodyMarkdown
                && page.NavOrder == draft.NavOrder && page.Published == draft.Published)
            {
                continue;
            }

            page.Title = title;
            page.BodyMarkdown = draft.BodyMarkdown!;
            page.NavOrder = draft.NavOrder;
            page.Published = draft.Published;
            page.UpdatedAt = now;
        }
    }
}
