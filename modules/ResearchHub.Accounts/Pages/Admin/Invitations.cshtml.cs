using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Admin;

[Authorize(Policy = HubPolicies.Permission + Permissions.ManageInvitations)]
public sealed class InvitationsModel(HubDbContext db, InvitationService invitations, UserManager<HubUser> users, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the email address to invite")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.org")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a role")]
        public string Role { get; set; } = HubRoles.Member;

        [Display(Name = "Organisation")]
        public long? OrganisationId { get; set; }
    }

    public IReadOnlyList<Invitation> Invitations { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var result = await invitations.InviteAsync(Input.Email, Input.Role, Input.OrganisationId, users.GetUserId(User), ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Input.Email", error);
            }

            await LoadAsync(ct);
            return Page();
        }

        StatusMessage = $"An invitation has been sent to {result.Invitation!.Email}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        StatusMessage = await invitations.RevokeAsync(id, ct)
            ? "The invitation has been withdrawn: its link no longer works."
            : "That invitation could not be withdrawn: it has been used, withdrawn or has expired.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Invitations = await db.Set<Invitation>().Include(i => i.Organisation).OrderByDescending(i => i.Id).Take(200).ToListAsync(ct);
        Organisations = await db.Set<Organisation>().OrderBy(o => o.Name).ToListAsync(ct);
    }
}
