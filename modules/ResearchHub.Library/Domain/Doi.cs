using System.Text.RegularExpressions;

namespace ResearchHub.Library.Domain;

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
