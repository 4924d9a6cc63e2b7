using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>
/// Following an invitation link: the member chooses a name and password and is signed in. An
/// expired, used, withdrawn or forged link shows what is wrong and creates nothing.
/// </summary>
[EnableRateLimiting(HubPolicies.SignInRateLimit)]
public sealed class AcceptInvitationModel(InvitationService invitations, SignInManager<HubUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your name")]
    [StringLength(200, ErrorMessage = "Your name can be up to 200 characters")]
    [Display(Name = "Your name")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a password")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Your password must be at least 12 characters")]
    [DataType(DataType.Password)]
    [Display(Name = "Choose a password")]
    public string Password { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter the password again")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirm the password")]
    public string ConfirmPassword { get; set; } = "";

    public Invitation? Invitation { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var check = await invitations.CheckAsync(Token, ct);
        Invitation = check.Invitation;
        Problem = check.Problem;
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var check = await invitations.CheckAsync(Token, ct);
        Invitation = check.Invitation;
        Problem = check.Problem;
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await invitations.AcceptAsync(Token!, DisplayName, Password, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(Password), error);
            }

            return Page();
        }

        await signIn.SignInAsync(result.User!, isPersistent: false);
        TempData["StatusMessage"] = $"Welcome, {result.User!.DisplayName}. Your account is ready.";
        return LocalRedirect("/");
    }
}
