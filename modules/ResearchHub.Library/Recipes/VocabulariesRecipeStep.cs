using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Recipes;

/// <summary>
/// { "name": "vocabularies", "vocabularies": [ { "vocabulary": "sites", "terms": [ { "key", "label", "description" } ] } ] }:
/// creates or updates terms, matched by vocabulary and key; the order in the file is the order offered.
/// </summary>
public sealed class VocabulariesRecipeStep : IRecipeStepHandler
{
    public string Name => "vocabularies";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var set = context.Db.Set<VocabularyTerm>();
        foreach (var (item, where) in step.Items("vocabularies", "step \"vocabularies\""))
        {
            var vocabulary = item.RequiredString("vocabulary", where);
            if (Vocabularies.Find(vocabulary) is null)
            {
                throw new RecipeException($"{where}: vocabulary \"{vocabulary}\" is not one of {string.Join(", ", Vocabularies.All.Select(v => v.Key))}.");
            }

            var order = 0;
            foreach (var (termItem, termWhere) in item.Items("terms", where))
            {
                var key = termItem.RequiredString("key", termWhere).Trim();
                var term = set.Local.FirstOrDefault(t => t.Vocabulary == vocabulary && t.Key == key)
                    ?? await set.FirstOrDefaultAsync(t => t.Vocabulary == vocabulary && t.Key == key, ct);
                if (term is null)
                {
                    term = new VocabularyTerm { Vocabulary = vocabulary, Key = key, Label = key };
                    set.Add(term);
                }

                term.Label = termItem.RequiredString("label", termWhere).Trim();
                term.Description = termItem.OptionalString("description", termWhere);
                term.Order = (order += 10);
            }
        }
    }
}
