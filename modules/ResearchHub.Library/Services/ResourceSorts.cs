namespace ResearchHub.Library.Services;

public static class ResourceSorts
{
    public const string Newest = "newest";
    public const string Title = "title";
    public const string PublicationDate = "date";
    public const string Updated = "updated";

    public static readonly IReadOnlyList<(string Key, string Name)> All =
    [
        (Newest, "Recently published"),
        (PublicationDate, "Publication date"),
        (Title, "Title (A to Z)"),
        (Updated, "Recently updated"),
    ];
}
