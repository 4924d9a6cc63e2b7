using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The one-click unsubscribe token (RFC 8058): the member and group, signed with the site's
/// data-protection keys (kept in the database, so every node reads every token). A mail client
/// posts it with no session and no CSRF token, so the signature is the whole authority.
/// It does not expire: a digest read months later must still unsubscribe.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    /// <summary>The "group" of a combined digest's token: unsubscribing stops every digest of the member.</summary>
    public const long AllDigests = 0;

    private readonly IDataProtector _protector = protection.CreateProtector("ResearchHub.MailingGroups.Unsubscribe.v1");

    public string Create(string userId, long groupId) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes($"{groupId}:{userId}")));

    public bool TryRead(string? token, out string userId, out long groupId)
    {
        userId = "";
        groupId = 0;
        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token ?? "")));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !long.TryParse(text.AsSpan(0, colon), out groupId))
            {
                return false;
            }

            userId = text[(colon + 1)..];
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
