using System.Text.RegularExpressions;

namespace ResearchHub.Library.Domain;

/// <summary>ORCID iDs: 16 characters in four groups, the last a check character (ISO 7064 MOD 11-2).</summary>
public static partial class Orcid
{
    [GeneratedRegex(@"^(?:https?://orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    /// <summary>Normalises "https://orcid.org/0000-0002-1825-0097" or "0000000218250097" to "0000-0002-1825-0097" when the checksum holds.</summary>
    public static bool TryNormalise(string? value, out string normalised)
    {
        normalised = "";
        var match = Pattern().Match((value ?? "").Trim());
        if (!match.Success)
        {
            return false;
        }

        var digits = string.Concat(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value).ToUpperInvariant();
        if (CheckCharacter(digits[..15]) != digits[15])
        {
            return false;
        }

        normalised = $"{digits[..4]}-{digits[4..8]}-{digits[8..12]}-{digits[12..]}";
        return true;
    }

    /// <summary>ISO 7064 11,2 over the first 15 digits, as ORCID specifies.</summary>
    public static char CheckCharacter(string baseDigits)
    {
        var total = 0;
        foreach (var c in baseDigits)
        {
            total = (total + (c - '0')) * 2;
        }

        var result = (12 - (total % 11)) % 11;
        return result == 10 ? 'X' : (char)('0' + result);
    }

    public static string Url(string orcid) => "https://orcid.org/" + orcid;
}
