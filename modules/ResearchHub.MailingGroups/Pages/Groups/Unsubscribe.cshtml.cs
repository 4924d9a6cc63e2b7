using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>
/// RFC 8058 one-click unsubscribe. A mail client POSTs "List-Unsubscribe=One-Click" here with no
/// cookie and no CSRF token, so the signed token in the URL is the only authority and antiforgery
/// is off for this page. A GET (a person following the link, or a scanner prefetching it) only
/// shows a confirmation form: nothing changes without the POST.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(UnsubscribeTokens tokens, GroupService groups, GroupQueries queries) : PageModel
{
    public MailingGroup? Group { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (!tokens.TryRead(token, out _, out var groupId) || await FindGroupAsync(groupId, ct) is null)
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!tokens.TryRead(token, out var userId, out var groupId) || await FindGroupAsync(groupId, ct) is null)
        {
            return NotFound();
        }

        await groups.UnsubscribeAsync(userId, groupId, ct);
        Done = true;
        return Page();
    }

    private async Task<MailingGroup?> FindGroupAsync(long groupId, CancellationToken ct)
    {
        if (groupId == UnsubscribeTokens.AllDigests)
        {
            // A combined digest's link: every digest of the member's groups.
            Group = new MailingGroup { Slug = "", Name = "the digests of your mailing groups" };
            return Group;
        }

        var all = await queries.GroupsAsync(ct);
        Group = all.FirstOrDefault(g => g.Id == groupId);
        return Group;
    }
}
