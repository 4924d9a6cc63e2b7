using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Security;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages.Admin.Groups;

/// <summary>Every group with its delivery log (digests composed, empty, pending, sent, failed), and a form to create one.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class IndexModel(GroupQueries queries, GroupService groups) : PageModel
{
    public IReadOnlyList<DeliveryLog> Log { get; private set; } = [];

    [BindProperty]
    public GroupInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class GroupInput
    {
        [Required(ErrorMessage = "Enter a name.")]
        [StringLength(200)]
        public string Name { get; set; } = "";
        // Optional fields are nullable: a non-nullable string is implicitly required by MVC.
        public string? Slug { get; set; }
        public string? Description { get; set; }
        public JoinPolicy Join { get; set; }
        public PostPolicy Post { get; set; }
        public bool ModeratePosts { get; set; }
        public string? Topics { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => Log = await queries.DeliveryLogAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await groups.CreateAsync(Input.Name, Input.Slug ?? "", Input.Description ?? "", Input.Join, Input.Post, Input.ModeratePosts, Input.Topics ?? "", ct);
            if (result.Succeeded)
            {
                StatusMessage = $"Group \"{Input.Name}\" created.";
                return RedirectToPage();
            }

            ModelState.AddModelError("Input.Name", result.Error!);
        }

        Log = await queries.DeliveryLogAsync(ct);
        return Page();
    }
}
