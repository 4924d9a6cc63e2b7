using System.Text.Json;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>A resource as it was saved: what a version keeps and what the diff compares, all as readable text.</summary>
public sealed record ResourceSnapshot(
    string Title,
    string Kind,
    string Visibility,
    string Summary,
    string Body,
    IReadOnlyList<string> Authors,
    string? Owner,
    IReadOnlyList<string> Organisations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Terms,
    IReadOnlyList<string> Questions,
    string? PublicationDate,
    string? Period,
    string? Licence,
    string? ExternalUrl,
    string? Doi,
    string Language,
    string? EvaluationStatus,
    string? KeyFindings,
    string? Publisher,
    IReadOnlyList<SnapshotFile> Files)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ResourceSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<ResourceSnapshot>(json, Json) ?? throw new InvalidOperationException("Empty version snapshot.");

    /// <summary>The fields in reading order, each as display name and text (lists one item a line).</summary>
    public IEnumerable<(string Field, string Text)> Fields()
    {
        yield return ("Title", Title);
        yield return ("Kind", Kind);
        yield return ("Visibility", Visibility);
        yield return ("Summary", Summary);
        yield return ("Authors", string.Join('\n', Authors));
        yield return ("Owning organisation", Owner ?? "");
        yield return ("Contributing organisations", string.Join('\n', Organisations));
        foreach (var vocabulary in Vocabularies.All)
        {
            yield return (vocabulary.Name, Terms.TryGetValue(vocabulary.Key, out var labels) ? string.Join('\n', labels) : "");
        }

        yield return ("Evaluation questions", string.Join('\n', Questions));
        yield return ("Evaluation status", EvaluationStatus ?? "");
        yield return ("Key findings", KeyFindings ?? "");
        yield return ("Publication date", PublicationDate ?? "");
        yield return ("Period covered", Period ?? "");
        yield return ("Publisher or holder", Publisher ?? "");
        yield return ("Licence", Licence ?? "");
        yield return ("External link", ExternalUrl ?? "");
        yield return ("DOI", Doi ?? "");
        yield return ("Language", Language);
        yield return ("Files", string.Join('\n', Files.Select(f => $"{f.Name} ({Core.Files.FileSizes.Format(f.Length)}, SHA-256 {f.Sha256[..12]})")));
        yield return ("Body", Body);
    }
}

public sealed record SnapshotFile(string Name, string ContentType, long Length, string Sha256);

/// <summary>One changed field of a diff, with its lines marked.</summary>
public sealed record FieldDiff(string Field, IReadOnlyList<DiffLine> Lines);

public sealed record DiffLine(DiffOp Op, string Text);

public enum DiffOp
{
    Same,
    Removed,
    Added,
}
