using System.Text.Json;
using ResearchHub.Core.Settings;

namespace ResearchHub.Core.Recipes;

/// <summary>{ "name": "settings", "values": { "NetworkName": "...", ... } }: sets site settings.</summary>
public sealed class SettingsRecipeStep(SiteSettingsService settings) : IRecipeStepHandler
{
    public string Name => "settings";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        if (!step.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            throw new RecipeException("step \"settings\": \"values\" is required and must be an object.");
        }

        foreach (var property in values.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new RecipeException($"step \"settings\": value of \"{property.Name}\" must be a string.");
            }

            await settings.SetAsync(property.Name, property.Value.GetString()!, ct);
        }
    }
}
