using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>
/// Sends a reset link by email. The answer, and the work done before it, are the same whether or
/// not the address is a member's, so the page cannot be used to find out who belongs to the
/// network: the address is handed to <see cref="PasswordResetQueue"/> and looked up after the answer.
/// </summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class ForgotPasswordModel(PasswordResetQueue resets) : PageModel
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

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        resets.Request(Email.Trim());
        Sent = true;
        return Page();
    }
}
