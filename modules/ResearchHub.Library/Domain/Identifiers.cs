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

/// <summary>DOIs: "10." then a registrant code of four or more digits (dot-separated parts allowed), "/", a suffix.</summary>
public static partial class Doi
{
    [GeneratedRegex(@"^10\.\d{4,9}(?:\.\d+)*/\S+$")]
    private static partial Regex Pattern();

    /// <summary>Accepts "10.1000/xyz", "doi:10.1000/xyz" or "https://doi.org/10.1000/xyz"; keeps "10.1000/xyz".</summary>
    public static bool TryNormalise(string? value, out string normalised)
    {
        var text = (value ?? "").Trim();
        foreach (var prefix in (string[])["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"])
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..];
                break;
            }
        }

        normalised = Pattern().IsMatch(text) ? text : "";
        return normalised.Length > 0;
    }

    public static string Url(string doi) => "https://doi.org/" + doi;
}

public static partial class Slugs
{
    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    /// <summary>"The Evaluation Pathway (2019)" → "the-evaluation-pathway-2019", "Søren Łódź" → "soren-lodz", at most 80 characters.</summary>
    public static string From(string text)
    {
        var folded = ResearchHub.Core.Text.AsciiFolding.Fold(text).ToLowerInvariant();
        var slug = NonAlphanumeric().Replace(folded, "-").Trim('-');
        if (slug.Length > 80)
        {
            slug = slug[..80].TrimEnd('-');
        }

        return slug.Length == 0 ? "resource" : slug;
    }
}
