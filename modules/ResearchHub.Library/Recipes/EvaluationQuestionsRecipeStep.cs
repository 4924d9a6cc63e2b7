using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Recipes;

/// <summary>{ "name": "evaluation-questions", "questions": [ { "key", "text", "description" } ] }: matched by key.</summary>
public sealed class EvaluationQuestionsRecipeStep : IRecipeStepHandler
{
    public string Name => "evaluation-questions";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var set = context.Db.Set<EvaluationQuestion>();
        var order = 0;
        foreach (var (item, where) in step.Items("questions", "step \"evaluation-questions\""))
        {
            var key = item.RequiredString("key", where).Trim();
            var question = set.Local.FirstOrDefault(q => q.Key == key) ?? await set.FirstOrDefaultAsync(q => q.Key == key, ct);
            if (question is null)
            {
                question = new EvaluationQuestion { Key = key, Text = key };
                set.Add(question);
            }

            question.Text = item.RequiredString("text", where).Trim();
            question.Description = item.OptionalString("description", where);
            question.Order = (order += 10);
        }
    }
}
