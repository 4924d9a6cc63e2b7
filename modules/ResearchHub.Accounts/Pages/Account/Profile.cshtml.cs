using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;

namespace ResearchHub.Accounts.Pages.Account;

[Authorize]
public sealed class ProfileModel(UserManager<HubUser> users, SignInManager<HubUser> signIn, HubDbContext db, AuditLog audit, MemberSessions sessions) : PageModel
{
    // Not [BindProperty]: each handler binds its own form only (TryUpdateModelAsync with the form's
    // prefix). Bound together, the form that was not posted fell back to the empty prefix and its
    // "required" errors, keyed without the prefix, failed the other form.
    public DetailsInput Details { get; set; } = new();

    public PasswordInput ChangePassword { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public HubUser Member { get; private set; } = default!;

    public IList<string> Roles { get; private set; } = [];

    public bool TwoFactorEnabled { get; private set; }

    public int PasskeyCount { get; private set; }

    /// <summary>The member's live sessions, this one included.</summary>
    public int SessionCount { get; private set; }

    public sealed class DetailsInput
    {
        [Required(ErrorMessage = "Enter your name")]
        [StringLength(200, ErrorMessage = "Your name can be up to 200 characters")]
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password")]
        [StringLength(200, MinimumLength = 12, ErrorMessage = "Your new password must be at least 12 characters")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string New { get; set; } = "";

        [Required(ErrorMessage = "Enter the new password again")]
        [Compare(nameof(New), ErrorMessage = "The two new passwords are not the same")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm the new password")]
        public string Confirm { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Details.DisplayName = Member.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken ct)
    {
        var valid = await TryUpdateModelAsync(Details, nameof(Details));
        await LoadAsync(ct);
        if (!valid)
        {
            return Page();
        }

        Member.DisplayName = Details.DisplayName.Trim();
        await users.UpdateAsync(Member);
        await signIn.RefreshSignInAsync(Member); // the header shows the new name at once
        StatusMessage = "Your details have been saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        var valid = await TryUpdateModelAsync(ChangePassword, nameof(ChangePassword));
        await LoadAsync(ct);
        if (!valid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(Member, ChangePassword.Current, ChangePassword.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "ChangePassword.Current" : "ChangePassword.New",
                    error.Code == "PasswordMismatch" ? "Your current password is not right." : error.Description);
            }

            return Page();
        }

        await audit.WriteAsync(AuditActions.PasswordChanged, Member.Email, ct: ct);
        // Every other session ends (a thief's copy of the cookie too); this one carries on.
        await sessions.EndAllAsync(Member.Id, SessionCookieEvents.CurrentSessionId(HttpContext), ct);
        await signIn.RefreshSignInAsync(Member);
        StatusMessage = "Your password has been changed.";
        return RedirectToPage();
    }

    /// <summary>Ends every session of the member, this one included.</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken ct)
    {
        var id = users.GetUserId(User)!;
        var ended = await sessions.EndAllAsync(id, ct: ct);
        await audit.WriteAsync(AuditActions.SignedOutEverywhere, User.Identity?.Name, $"{ended} session(s) ended", ct: ct);
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var id = users.GetUserId(User)!;
        Member = await db.Set<HubUser>().Include(u => u.Organisation).FirstAsync(u => u.Id == id, ct);
        Roles = await users.GetRolesAsync(Member);
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(Member);
        SessionCount = await sessions.CountAsync(id, ct);
        PasskeyCount = await db.Set<IdentityUserPasskey<string>>().CountAsync(p => p.UserId == id, ct);
    }
}
