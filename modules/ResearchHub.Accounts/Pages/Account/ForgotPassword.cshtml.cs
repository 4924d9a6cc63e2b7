using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Security;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>
/// Sends a reset link by email. The answer is the same whether or not the address is a member's,
/// so the page cannot be used to find out who belongs to the network.
/// </summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class ForgotPasswordModel(
    UserManager<HubUser> users,
    HubDbContext db,
    MailOutbox outbox,
    SiteSettingsService settings,
    PublicUrls urls) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.org")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email.Trim());
        // A member locked out by failed sign-ins gets the link (the lock message sends them here, and a
        // reset lifts the lock); one locked by an administrator does not.
        if (user is not null && !user.IsLockedByAdministrator)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = urls.Absolute($"/account/reset-password?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}");
            outbox.Enqueue("password-reset", AccountEmails.PasswordReset(await settings.NetworkNameAsync(ct), user.Email!, link));
            await db.SaveChangesAsync(ct);
        }

        Sent = true;
        return Page();
    }
}
