namespace ResearchHub.Pages;

/// <summary>The module's addresses, in one place for pages, menus and redirects.</summary>
public static class PagesUrls
{
    public const string Admin = "/admin/pages";
    public const string AdminNew = "/admin/pages/new";

    public static string Show(string slug) => "/pages/" + Uri.EscapeDataString(slug);

    public static string Edit(long id) => $"/admin/pages/{id}/edit";

    public static string Delete(long id) => $"/admin/pages/{id}/delete";
}
