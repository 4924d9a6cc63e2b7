namespace ResearchHub.Search.Query;

/// <summary>The facet names stored in the index and used in URLs.</summary>
public static class SearchFacets
{
    public const string Kind = "kind";
    public const string Organisation = "org";
    public const string Site = "site";
    public const string PracticeArea = "practice";
    public const string Method = "method";
    public const string Measure = "measure";
    public const string Year = "year";

    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        (Kind, "Kind"),
        (Organisation, "Organisation"),
        (Site, "LAC site"),
        (PracticeArea, "Practice area"),
        (Method, "Method"),
        (Measure, "Outcome measure"),
        (Year, "Year"),
    ];
}
