using System.Globalization;

namespace ResearchHub.Library.Services;

/// <summary>
/// The resource form's pick-lists: licences by their SPDX identifiers (the ones research outputs
/// use), and languages by their ISO 639-1 codes with English names (from the ICU data .NET ships).
/// </summary>
public static class ResourcePickLists
{
    /// <summary>SPDX identifiers and names; the form still takes any other licence as text.</summary>
    public static readonly IReadOnlyList<(string Id, string Name)> Licences =
    [
        ("CC-BY-4.0", "Creative Commons Attribution 4.0"),
        ("CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0"),
        ("CC-BY-NC-4.0", "Creative Commons Attribution Non Commercial 4.0"),
        ("CC-BY-NC-SA-4.0", "Creative Commons Attribution Non Commercial Share Alike 4.0"),
        ("CC-BY-ND-4.0", "Creative Commons Attribution No Derivatives 4.0"),
        ("CC-BY-NC-ND-4.0", "Creative Commons Attribution Non Commercial No Derivatives 4.0"),
        ("CC0-1.0", "Creative Commons Zero 1.0 (public domain)"),
        ("OGL-UK-3.0", "Open Government Licence v3.0"),
        ("ODbL-1.0", "Open Data Commons Open Database License 1.0"),
        ("PDDL-1.0", "Open Data Commons Public Domain Dedication and License 1.0"),
        ("MIT", "MIT License"),
        ("Apache-2.0", "Apache License 2.0"),
        ("GPL-3.0-or-later", "GNU General Public License v3.0 or later"),
    ];

    private static readonly Lazy<IReadOnlyList<(string Code, string Name)>> LanguageList = new(() =>
        [.. CultureInfo.GetCultures(CultureTypes.NeutralCultures)
            .Where(c => c.Name.Length == 2 && c.TwoLetterISOLanguageName == c.Name)
            .Select(c => (c.Name, c.EnglishName))
            .DistinctBy(c => c.Name, StringComparer.Ordinal)
            .OrderBy(c => c.EnglishName, StringComparer.Ordinal)]);

    /// <summary>ISO 639-1 languages, by English name.</summary>
    public static IReadOnlyList<(string Code, string Name)> Languages => LanguageList.Value;

    /// <summary>The languages to offer, with <paramref name="current"/> (say "en-GB") kept when it is not among them.</summary>
    public static IReadOnlyList<(string Code, string Name)> LanguagesWith(string? current)
    {
        if (string.IsNullOrWhiteSpace(current) || Languages.Any(l => string.Equals(l.Code, current, StringComparison.OrdinalIgnoreCase)))
        {
            return Languages;
        }

        var name = CultureInfo.GetCultures(CultureTypes.AllCultures)
            .FirstOrDefault(c => string.Equals(c.Name, current, StringComparison.OrdinalIgnoreCase))?.EnglishName ?? current;
        return [(current, name), .. Languages];
    }
}
