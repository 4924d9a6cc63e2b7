using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.Pages.Services;
using Page = ResearchHub.Pages.Domain.Page;

namespace ResearchHub.Pages.Pages.Admin.Pages;

[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class IndexModel(PageService pages) : PageModel
{
    /// <summary>Set by the page that redirected here after a change (Post-Redirect-Get).</summary>
    [TempData]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<Page> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await pages.ListAsync(publishedOnly: false, ct);
}
