using System.Text.Json;

namespace ResearchHub.Core.Recipes;

/// <summary>Reads a required string property of a step, naming the step when it is missing.</summary>
public static class RecipeJson
{
    public static string RequiredString(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new RecipeException($"{where}: \"{property}\" is required and must be a non-empty string.");
        }

        return value.GetString()!;
    }

    public static string? OptionalString(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RecipeException($"{where}: \"{property}\" must be a string.");
    }

    public static int? OptionalInt(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw new RecipeException($"{where}: \"{property}\" must be a whole number.");
    }

    public static bool? OptionalBool(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RecipeException($"{where}: \"{property}\" must be true or false."),
        };
    }

    /// <summary>The step's array property, each element with its own "where" for messages.</summary>
    public static IEnumerable<(JsonElement Item, string Where)> Items(this JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.Array)
        {
            throw new RecipeException($"{where}: \"{property}\" is required and must be an array.");
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return (item, $"{where}, {property}[{i++}]");
        }
    }
}
