using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Search;
using ResearchHub.Core.Security;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Memory;
using ResearchHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ResearchHub.Search.Pages.Admin.Search;

/// <summary>The index's state (documents by type, text size, last rebuild, work still owed by modules) and a rebuild button.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class IndexModel(ISearchIndex index, IEnumerable<ISearchBacklog> backlogs, ReindexService reindex, MemoryIndexHost memory, HubDbContext db) : PageModel
{
    public IndexStats Stats { get; private set; } = new(0, new Dictionary<string, int>(), 0, null);

    public IReadOnlyList<(string Description, int Count)> Backlog { get; private set; } = [];

    /// <summary>The in-memory postings that answer searches on SQLite (null on PostgreSQL, or before the first search).</summary>
    public (int Documents, int Terms, string Status)? Memory { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stats = await index.StatsAsync(ct);
        var backlog = new List<(string, int)>();
        foreach (var source in backlogs)
        {
            backlog.Add((source.Description, await source.CountAsync(ct)));
        }

        Backlog = backlog;
        Memory = db.Database.IsSqlite() ? memory.Describe(db.Database.GetDbConnection().ConnectionString) : null;
    }

    public async Task<IActionResult> OnPostRebuildAsync(CancellationToken ct)
    {
        var count = await reindex.RebuildAsync(null, ct);
        StatusMessage = $"The index was rebuilt from the data: {count:N0} documents.";
        return RedirectToPage();
    }
}
