namespace ResearchHub.Library.Domain;

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
