using System.Text.RegularExpressions;

namespace ResearchHub.Library.Domain;

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
