using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Recipes;

/// <summary>
/// Exports the "vocabularies", "evaluation-questions" and "resources" steps, in that order because
/// resources name terms and questions by key. Resources' files are copied beside the recipe and named
/// by "path"; resources name organisations by name, so the "organisations" step must run first.
/// </summary>
public sealed class LibraryRecipeExporter(IMemberDirectory directory) : IRecipeExporter
{
    public int Order => 300;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var steps = new List<JsonObject>();
        var db = context.Db;

        var terms = await db.Set<VocabularyTerm>().OrderBy(t => t.Order).ThenBy(t => t.Key).ToListAsync(ct);
        if (terms.Count > 0)
        {
            var vocabularies = new JsonArray();
            foreach (var group in terms.GroupBy(t => t.Vocabulary).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var items = new JsonArray();
                foreach (var t in group)
                {
                    items.Add(new JsonObject { ["key"] = t.Key, ["label"] = t.Label, ["description"] = t.Description });
                }

                vocabularies.Add(new JsonObject { ["vocabulary"] = group.Key, ["terms"] = items });
            }

            steps.Add(new JsonObject { ["name"] = "vocabularies", ["vocabularies"] = vocabularies });
        }

        var questions = await db.Set<EvaluationQuestion>().OrderBy(q => q.Order).ThenBy(q => q.Key).ToListAsync(ct);
        if (questions.Count > 0)
        {
            var items = new JsonArray();
            foreach (var q in questions)
            {
                items.Add(new JsonObject { ["key"] = q.Key, ["text"] = q.Text, ["description"] = q.Description });
            }

            steps.Add(new JsonObject { ["name"] = "evaluation-questions", ["questions"] = items });
        }

        var resources = await db.Set<Resource>()
            .Include(r => r.Authors).Include(r => r.Organisations).Include(r => r.Files)
            .Include(r => r.Terms).ThenInclude(t => t.Term).Include(r => r.Questions).ThenInclude(q => q.Question)
            .AsSplitQuery().OrderBy(r => r.Id).ToListAsync(ct);
        if (resources.Count > 0)
        {
            var organisations = await directory.OrganisationNamesAsync(ct);
            var items = new JsonArray();
            foreach (var r in resources)
            {
                items.Add(await ResourceAsync(context, r, organisations, ct));
            }

            steps.Add(new JsonObject { ["name"] = "resources", ["resources"] = items });
        }

        return steps;
    }

    private static async Task<JsonObject> ResourceAsync(RecipeExportContext context, Resource r, IReadOnlyDictionary<long, string> organisations, CancellationToken ct)
    {
        static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var item = new JsonObject
        {
            ["slug"] = r.Slug,
            ["kind"] = ResourceKinds.Get(r.Kind).Slug,
            ["title"] = r.Title,
            ["summary"] = r.Summary,
            ["body"] = r.Body,
            ["owner"] = r.OwnerOrganisationId is { } owner ? organisations.GetValueOrDefault(owner) : null,
            ["organisations"] = new JsonArray(r.Organisations.Select(o => organisations.GetValueOrDefault(o.OrganisationId))
                .OfType<string>().Order(StringComparer.Ordinal).Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["authors"] = new JsonArray(r.Authors.OrderBy(a => a.Position)
                .Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["orcid"] = a.Orcid }).ToArray()),
            ["terms"] = new JsonObject(r.Terms.Where(t => t.Term is not null).GroupBy(t => t.Term!.Vocabulary).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray(g.Select(t => (JsonNode)JsonValue.Create(t.Term!.Key)).ToArray())))),
            ["evaluationQuestions"] = new JsonArray(r.Questions.Where(q => q.Question is not null)
                .Select(q => (JsonNode)JsonValue.Create(q.Question!.Key)).ToArray()),
            ["publicationDate"] = Date(r.PublicationDate),
            ["periodStart"] = Date(r.PeriodStart),
            ["periodEnd"] = Date(r.PeriodEnd),
            ["licence"] = r.Licence,
            ["externalUrl"] = r.ExternalUrl,
            ["doi"] = r.Doi,
            ["language"] = r.Language,
            ["evaluationStatus"] = r.EvaluationStatus?.ToString(),
            ["keyFindings"] = r.KeyFindings,
            ["publisher"] = r.Publisher,
            ["visibility"] = Visibilities.Code(r.Visibility),
        };

        var files = new JsonArray();
        foreach (var f in r.Files.OrderBy(f => f.Id))
        {
            files.Add(new JsonObject
            {
                ["path"] = await context.CopyFileAsync(f.Sha256, ct),
                ["fileName"] = f.FileName,
                // For a reader of the recipe only: the importing hub detects the type from the bytes again.
                ["contentType"] = f.ContentType,
            });
        }

        item["files"] = files;
        return item;
    }
}
