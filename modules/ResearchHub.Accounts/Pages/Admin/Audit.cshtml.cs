using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Admin;

[Authorize(Policy = HubPolicies.Permission + Permissions.ViewAuditLog)]
public sealed class AuditModel(HubDbContext db) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public int PageNumber { get; private set; }

    public bool HasMore { get; private set; }

    public string? Action { get; private set; }

    public async Task OnGetAsync(int? p, string? action, CancellationToken ct)
    {
        PageNumber = Math.Max(1, p ?? 1);
        Action = string.IsNullOrWhiteSpace(action) ? null : action;
        var query = db.Set<AuditEntry>().AsQueryable();
        if (Action is not null)
        {
            query = query.Where(a => a.Action == Action);
        }

        var page = await query.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = page.Count > PageSize;
        Entries = page.Take(PageSize).ToList();
    }
}
