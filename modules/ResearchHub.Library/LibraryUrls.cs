using System.Globalization;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library;

/// <summary>The library's addresses, in one place so pages, feeds, citations and the API agree.</summary>
public static class LibraryUrls
{
    public const string List = "/library";
    public const string Feed = "/library/feed.atom";
    public const string EvidenceMap = "/library/evidence-map";
    public const string New = "/library/new";

    public static string Show(Resource resource) => Show(resource.Id, resource.Slug);

    public static string Show(long id, string slug) => $"/library/{Id(id)}/{slug}";

    public static string Edit(long id) => $"/library/{Id(id)}/edit";

    public static string Versions(long id) => $"/library/{Id(id)}/versions";

    public static string Cite(long id, string format) => $"/library/{Id(id)}/cite/{format}";

    public static string CiteList(string format, string queryString) => $"/library/cite/{format}{queryString}";

    public static string Download(long id, ResourceFile file) => $"/library/{Id(id)}/files/{Id(file.Id)}/{Uri.EscapeDataString(file.FileName)}";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
