using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// Checks an /api/v1 response against the served OpenAPI document: the operation documents the
/// status code, the media type is one it lists, and a JSON body validates (JSON Schema 2020-12, as
/// OpenAPI 3.1 uses) against the schema given for it, with the document's components as $defs.
/// </summary>
public sealed partial class OpenApiResponseValidator
{
    private readonly JsonObject _paths;
    private readonly JsonObject _definitions;

    public OpenApiResponseValidator(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        _paths = root["paths"]!.AsObject();
        _definitions = root["components"]?["schemas"]?.AsObject() ?? [];
    }

    /// <summary>The problems with a response to the route (as mapped, e.g. "/api/v1/resources/{id:long}"), empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string routePattern, int status, string? mediaType, string body)
    {
        var path = Constraint().Replace("/" + routePattern.TrimStart('/'), "{$1}").TrimEnd('/');
        var where = $"{method} {path} → {status}";
        if (_paths[path]?[method.ToLowerInvariant()] is not JsonObject operation)
        {
            // Not an operation (a 405 for a method the route lacks): OpenApiTests checks that every operation is listed.
            return [];
        }

        var responses = operation["responses"]?.AsObject();
        var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses?[$"{status / 100}XX"] ?? responses?["default"];
        if (response is null)
        {
            return [$"{where}: the status is not documented (documented: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})"];
        }

        var content = response["content"]?.AsObject();
        if (body.Length == 0)
        {
            return [];
        }

        if (content is null || content.Count == 0)
        {
            return [$"{where}: a {mediaType} body where the document describes none"];
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return [$"{where}: media type {mediaType} is not one of {string.Join(", ", content.Select(c => c.Key))}"];
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media["schema"] is not JsonNode schemaNode)
        {
            return [];
        }

        var schema = JsonSchema.FromText(Schema(schemaNode));
        var results = schema.Evaluate(JsonNode.Parse(body), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{where}: at {d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty($"{where}: the body does not validate")
            .Take(10)
            .Append($"{where}: body {body[..Math.Min(body.Length, 600)]}")];
    }

    /// <summary>The response schema as a standalone 2020-12 schema: the components become $defs, and references follow.</summary>
    private string Schema(JsonNode schema)
    {
        var standalone = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _definitions.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        return standalone.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{\*?\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();
}
