using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Files;
using ResearchHub.Core.Security;
using ResearchHub.Federation.Services;

namespace ResearchHub.Federation.Pages.Admin.Export;

/// <summary>
/// Exports the site's content as a recipe zip (recipe.json and files/) that "recipe run FILE.zip" on
/// another hub imports. Making the zip is a POST that ends in a redirect to this page with the result
/// (steps, files, size) and the download link, so it works without JavaScript and a reload never
/// exports twice.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ExportContent)]
public sealed class IndexModel(RecipeDownloads downloads, AuditLog audit) : PageModel
{
    public const string AuditAction = "content-exported";

    public IReadOnlyList<RecipeDownload> Downloads { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public void OnGet() => Downloads = downloads.List();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await downloads.CreateAsync(ct);
        await audit.WriteAsync(AuditAction, result.Download.Name, $"{result.Steps} steps, {result.Files} files", ct: ct);
        StatusMessage = string.Create(CultureInfo.InvariantCulture,
            $"Export ready: {result.Download.Name} ({FileSizes.Format(result.Download.Length)}), {result.Steps} recipe steps and {result.Files} files. Download it below.");
        return RedirectToPage();
    }

    public IActionResult OnGetDownload(string? name)
    {
        var path = downloads.Find(name);
        if (path is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(path, "application/zip", name);
    }

    public IActionResult OnPostDelete(string? name)
    {
        StatusMessage = downloads.Delete(name) ? $"{name} deleted." : "That export was already deleted.";
        return RedirectToPage();
    }
}
