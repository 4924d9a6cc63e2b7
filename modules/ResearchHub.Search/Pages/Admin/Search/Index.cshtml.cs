using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Search;
using ResearchHub.Core.Security;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Search.Pages.Admin.Search;

/// <summary>The index's state (the record's documents by type and text size, this node's Lucene index: documents, segments, size on disk, lag behind the change log; last rebuild, work still owed by modules) and a rebuild button.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class IndexModel(ISearchIndex index, IEnumerable<ISearchBacklog> backlogs, ReindexService reindex, LuceneIndexHost host) : PageModel
{
    public IndexStats Stats { get; private set; } = new(0, new Dictionary<string, int>(), 0, null);

    public IReadOnlyList<(string Description, int Count)> Backlog { get; private set; } = [];

    /// <summary>This node's Lucene index.</summary>
    public IndexState? Node { get; private set; }

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
        Node = await host.DescribeAsync(ct);
    }

    public async Task<IActionResult> OnPostRebuildAsync(CancellationToken ct)
    {
        var count = await reindex.RebuildAsync(null, ct);
        StatusMessage = $"The index was rebuilt from the data: {count:N0} documents. Each node builds a new index beside its live one and swaps it in.";
        return RedirectToPage();
    }
}
