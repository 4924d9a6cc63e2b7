using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Settings;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>TOTP two-step sign-in: set up an authenticator app, get recovery codes, turn it off.</summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<HubUser> users, SignInManager<HubUser> signIn, AuditLog audit, SiteSettingsService settings, MemberSessions sessions) : PageModel
{
    public bool Enabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public string SharedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    /// <summary>The <see cref="AuthenticatorUri"/> as a QR code, a PNG in a data: URI (the CSP allows data: images).</summary>
    public string QrCodeDataUri { get; private set; } = "";

    /// <summary>Shown once, right after they are generated.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code is 6 digits, like 123456")]
    [Display(Name = "Code from the app")]
    public string Code { get; set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        var user = (await users.GetUserAsync(User))!;
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError(nameof(Code), "That code is not right. Check the app shows this site, and enter the code it shows now.");
            await LoadAsync(ct);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, user.Email, ct: ct);
        // Sessions signed in without the second step end; this one carries on.
        await sessions.EndAllAsync(user.Id, SessionCookieEvents.CurrentSessionId(HttpContext), ct);
        await signIn.RefreshSignInAsync(user);
        StatusMessage = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        var user = (await users.GetUserAsync(User))!;
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        var user = (await users.GetUserAsync(User))!;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(AuditActions.TwoFactorDisabled, user.Email, ct: ct);
        await sessions.EndAllAsync(user.Id, SessionCookieEvents.CurrentSessionId(HttpContext), ct);
        await signIn.RefreshSignInAsync(user);
        StatusMessage = "Two-step sign-in is off. Your old authenticator entry no longer works.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = (await users.GetUserAsync(User))!;
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }

            SharedKey = Grouped(key!);
            var issuer = await settings.NetworkNameAsync(ct);
            AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6";
            QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(QrCode(AuthenticatorUri));
        }
    }

    private static byte[] QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(6);
    }

    private static string Grouped(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return result.ToString().TrimEnd().ToLowerInvariant();
    }
}
