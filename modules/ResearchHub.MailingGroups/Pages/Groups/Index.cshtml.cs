using Microsoft.AspNetCore.Authorization;
using ResearchHub.Core.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

[Authorize(Policy = HubPolicies.Permission + Permissions.Participate)]
public sealed class IndexModel(GroupQueries queries, GroupService groups) : PageModel
{
    public IReadOnlyList<MailingGroup> Groups { get; private set; } = [];
    public IReadOnlyDictionary<long, MembershipStatus> Mine { get; private set; } = new Dictionary<long, MembershipStatus>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Groups = await queries.GroupsAsync(ct);
        var userId = GroupService.UserId(User)!;
        var mine = new Dictionary<long, MembershipStatus>();
        foreach (var g in Groups)
        {
            if (await groups.MembershipAsync(g.Id, userId, ct) is { } m)
            {
                mine[g.Id] = m.Status;
            }
        }

        Mine = mine;
    }
}
