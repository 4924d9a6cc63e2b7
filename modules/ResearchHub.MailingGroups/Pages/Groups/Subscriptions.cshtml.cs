using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Groups;

/// <summary>The member's groups and how they receive each, with any suspension and its reason.</summary>
[Authorize]
public sealed class SubscriptionsModel(GroupQueries queries, GroupService groups) : PageModel
{
    public IReadOnlyList<MySubscription> Subscriptions { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Subscriptions = await queries.SubscriptionsAsync(GroupService.UserId(User)!, ct);

    public async Task<IActionResult> OnPostAsync(long groupId, DeliveryMode mode, CancellationToken ct)
    {
        StatusMessage = Enum.IsDefined(mode) && await groups.SetModeAsync(groupId, GroupService.UserId(User)!, mode, ct)
            ? $"Delivery set to: {DigestPeriods.Describe(mode)}."
            : "You are not a member of that group.";
        return RedirectToPage();
    }
}
