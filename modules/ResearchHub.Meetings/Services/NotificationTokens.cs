using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// The one-click unsubscribe token of a meeting notice (RFC 8058), as the mailing groups' digests
/// have: the member and the notice, signed with the site's data-protection keys; the signature is
/// the whole authority (a mail client posts it with no session). It does not expire.
/// </summary>
public sealed class NotificationTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ResearchHub.Meetings.Notifications.Unsubscribe.v1");

    public string Create(string userId, MeetingNotification kind) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes($"{(int)kind}:{userId}")));

    public bool TryRead(string? token, out string userId, out MeetingNotification kind)
    {
        userId = "";
        kind = default;
        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token ?? "")));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || !Enum.IsDefined((MeetingNotification)value))
            {
                return false;
            }

            kind = (MeetingNotification)value;
            userId = text[(colon + 1)..];
            return userId.Length > 0;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
