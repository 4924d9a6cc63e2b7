using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;
using ResearchHub.Federation.Jobs;
using ResearchHub.Federation.Services;

namespace ResearchHub.Federation.Pages.Admin.Export;

/// <summary>
/// Exports the site's content as a recipe zip (recipe.json and files/) that "recipe run FILE.zip" on
/// another hub imports. "Make an export" starts it in the background and redirects here, where its
/// progress shows (refreshed in place when JavaScript is on, by "Check again" without) and then its
/// result and download link; a reload never starts a second export.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ExportContent)]
public sealed class IndexModel(RecipeDownloads downloads, RecipeExportJobs jobs, AuditLog audit) : PageModel
{
    public const string AuditAction = "content-exported";

    public IReadOnlyList<RecipeDownload> Downloads { get; private set; } = [];

    public RecipeExportJob? Job { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public void OnGet()
    {
        Downloads = downloads.List();
        Job = jobs.Latest;
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (job, started) = jobs.Start(downloads.NewName());
        if (started)
        {
            // Recorded when asked for: the export holds every member's email.
            await audit.WriteAsync(AuditAction, job.Name, "export started", ct: ct);
            StatusMessage = $"Export started: {job.Name}. Its progress shows below.";
        }
        else
        {
            StatusMessage = $"An export is already running ({job.Name}): wait for it to finish.";
        }

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
