namespace ResearchHub.Library.Domain;

/// <summary>
/// A term of one of the managed vocabularies (LAC sites, practice areas, methods, outcome measures):
/// administrators edit them, editors pick from them, a recipe step seeds them.
/// </summary>
public sealed class VocabularyTerm
{
    public long Id { get; set; }
    /// <summary>One of <see cref="Vocabularies"/>' keys.</summary>
    public required string Vocabulary { get; set; }
    /// <summary>Stable within its vocabulary ("wemwbs"): used in filter URLs and recipes.</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }
    public string? Description { get; set; }
    public int Order { get; set; }
    /// <summary>Retired terms stay on the resources that use them but are no longer offered.</summary>
    public bool Retired { get; set; }
}

public sealed record VocabularyInfo(string Key, string Name, string Singular, string Hint);

public static class Vocabularies
{
    public const string Sites = "sites";
    public const string PracticeAreas = "practice-areas";
    public const string Methods = "methods";
    public const string Measures = "measures";

    public static readonly IReadOnlyList<VocabularyInfo> All =
    [
        new(Sites, "LAC sites", "LAC site", "The local areas whose Local Area Coordination programme it concerns."),
        new(PracticeAreas, "Practice areas", "practice area", "The areas of practice it is about."),
        new(Methods, "Methods", "method", "How the evidence was gathered or analysed."),
        new(Measures, "Outcome measures", "outcome measure", "Standard instruments used to measure outcomes."),
    ];

    public static VocabularyInfo? Find(string key) => All.FirstOrDefault(v => v.Key == key);
}

/// <summary>One of the network's evaluation questions, the rows of the evidence map.</summary>
public sealed class EvaluationQuestion
{
    public long Id { get; set; }
    /// <summary>Stable natural key ("research-practice-gap") for recipes and links.</summary>
    public required string Key { get; set; }
    public required string Text { get; set; }
    public string? Description { get; set; }
    public int Order { get; set; }
}
