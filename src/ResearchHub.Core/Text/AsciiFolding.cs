using System.Globalization;
using System.Text;

namespace ResearchHub.Core.Text;

/// <summary>
/// Latin letters to ASCII for addresses (slugs): Unicode decomposition drops the accents
/// ("Ó" → "O", "ź" → "z"), and the letters that do not decompose are transliterated as people
/// write them in ASCII ("ø" → "o", "ł" → "l", "ß" → "ss", "æ" → "ae"), so "Søren Łódź" keeps every letter.
/// </summary>
public static class AsciiFolding
{
    private static readonly Dictionary<char, string> Letters = new()
    {
        ['ø'] = "o", ['Ø'] = "O", ['ł'] = "l", ['Ł'] = "L", ['ß'] = "ss", ['ẞ'] = "SS",
        ['æ'] = "ae", ['Æ'] = "AE", ['œ'] = "oe", ['Œ'] = "OE", ['đ'] = "d", ['Đ'] = "D",
        ['ð'] = "d", ['Ð'] = "D", ['þ'] = "th", ['Þ'] = "Th", ['ħ'] = "h", ['Ħ'] = "H",
        ['ı'] = "i", ['ŀ'] = "l", ['Ŀ'] = "L", ['ŋ'] = "ng", ['Ŋ'] = "NG", ['ĸ'] = "q", ['ſ'] = "s",
    };

    /// <summary>The text with every letter folded to ASCII where it has a Latin equivalent; other characters are kept.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (Letters.TryGetValue(c, out var ascii))
            {
                folded.Append(ascii);
            }
            else
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
