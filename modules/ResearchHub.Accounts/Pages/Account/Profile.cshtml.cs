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
public sealed class ProfileModel(UserManager<HubUser> users, SignInManager<HubUser> signIn, HubDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public DetailsInput Details { get; set; } = new();

    [BindProperty]
    public PasswordInput ChangePassword { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public HubUser Member { get; private set; } = default!;

    public IList<string> Roles { get; private set; } = [];

    public bool TwoFactorEnabled { get; private set; }

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
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Your new password must be at least 10 characters")]
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
        ClearOtherForm(nameof(ChangePassword));
        await LoadAsync(ct);
        if (!ModelState.IsValid)
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
        ClearOtherForm(nameof(Details));
        await LoadAsync(ct);
        if (!ModelState.IsValid)
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
        await signIn.RefreshSignInAsync(Member);
        StatusMessage = "Your password has been changed.";
        return RedirectToPage();
    }

    private void ClearOtherForm(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var id = users.GetUserId(User)!;
        Member = await db.Set<HubUser>().Include(u => u.Organisation).FirstAsync(u => u.Id == id, ct);
        Roles = await users.GetRolesAsync(Member);
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(Member);
    }
}
