using System.Globalization;
using System.Text.Encodings.Web;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;

namespace ResearchHub.Accounts.Services;

/// <summary>The messages this module sends, each in plain text and HTML.</summary>
public static class AccountEmails
{
    public static EmailMessage Invitation(string networkName, string to, string role, string? organisation, string link, DateTimeOffset expiresAt)
    {
        var roleName = HubRoles.DisplayName(role);
        var org = organisation is null ? "" : $" for {organisation}";
        var expires = expiresAt.ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = $"""
            Hello,

            You have been invited to join {networkName} as {Article(roleName)} {roleName}{org}.

            Accept the invitation and choose your password here:
            {link}

            The link works once and expires on {expires}. If you did not expect this invitation, you can ignore this email.
            """;
        var h = HtmlEncoder.Default;
        var html = $"""
            <!doctype html>
            <html lang="en"><body style="font-family: sans-serif; line-height: 1.5">
            <p>Hello,</p>
            <p>You have been invited to join <strong>{h.Encode(networkName)}</strong> as {Article(roleName)} {h.Encode(roleName)}{h.Encode(org)}.</p>
            <p><a href="{h.Encode(link)}">Accept the invitation and choose your password</a></p>
            <p>The link works once and expires on {h.Encode(expires)}. If you did not expect this invitation, you can ignore this email.</p>
            </body></html>
            """;
        return new EmailMessage(to, $"Your invitation to {networkName}", text, html);
    }

    public static EmailMessage PasswordReset(string networkName, string to, string link)
    {
        var text = $"""
            Hello,

            Someone asked to reset the password of your {networkName} account. Choose a new password here:
            {link}

            If it was not you, ignore this email: your password stays as it is.
            """;
        var h = HtmlEncoder.Default;
        var html = $"""
            <!doctype html>
            <html lang="en"><body style="font-family: sans-serif; line-height: 1.5">
            <p>Hello,</p>
            <p>Someone asked to reset the password of your {h.Encode(networkName)} account.</p>
            <p><a href="{h.Encode(link)}">Choose a new password</a></p>
            <p>If it was not you, ignore this email: your password stays as it is.</p>
            </body></html>
            """;
        return new EmailMessage(to, $"Reset your {networkName} password", text, html);
    }

    private static string Article(string word) => "AEIOU".Contains(word[0], StringComparison.OrdinalIgnoreCase) ? "an" : "a";
}
