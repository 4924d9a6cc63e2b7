namespace ResearchHub.Codebooks;

public static class CodebooksUrls
{
    public const string List = "/codebooks";

    public static string Show(long id, int? version = null) => version is { } v ? $"/codebooks/{id}?version={v}" : $"/codebooks/{id}";

    public static string Edit(long id) => $"/codebooks/{id}/edit";

    public static string EditCode(long id, Guid code) => $"/codebooks/{id}/codes/{code}";

    public static string Versions(long id) => $"/codebooks/{id}/versions";

    public static string Counts(long id) => $"/codebooks/{id}/counts";

    public static string Qdc(long id, int? version = null) => $"/codebooks/{id}/export.qdc" + (version is { } v ? $"?version={v}" : "");

    public static string CsvExport(long id, int? version = null) => $"/codebooks/{id}/export.csv" + (version is { } v ? $"?version={v}" : "");

    public static string Crosswalk(long id) => $"/codebooks/crosswalks/{id}";

    public static string CrosswalkCsv(long id) => $"/codebooks/crosswalks/{id}/export.csv";

    public static string ApiQdc(long id) => $"/api/v1/codebooks/{id}/qdc";
}
