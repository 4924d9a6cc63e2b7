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
