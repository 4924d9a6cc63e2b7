using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ResearchHub.Search.Services.Analysis;

/// <summary>A word in a text: where it is, and the term the index knows it by.</summary>
public readonly record struct TextToken(int Start, int Length, string Term);

/// <summary>
/// Splits text into terms the way the SQLite index does (<c>porter unicode61 remove_diacritics 2</c>):
/// runs of letters and digits, lower-cased, accents removed, then stemmed. Used where the hub works
/// on a few documents' text itself (re-ranking candidates, snippets) instead of asking the engine.
/// </summary>
public static class TextAnalyzer
{
    /// <summary>Stems of words seen before: text repeats its words, and stemming is the costly part.</summary>
    private static readonly ConcurrentDictionary<string, string> Stems = new(StringComparer.Ordinal);
    private const int MaxCachedStems = 200_000;

    public static List<TextToken> Tokens(string text, int maxChars = int.MaxValue)
    {
        var tokens = new List<TextToken>();
        var length = Math.Min(text.Length, maxChars);
        var i = 0;
        while (i < length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < length && IsWordChar(text[i]))
            {
                i++;
            }

            tokens.Add(new TextToken(start, i - start, Term(text.AsSpan(start, i - start))));
        }

        return tokens;
    }

    /// <summary>
    /// A text's words, lower-cased and accent-free but not stemmed, without allocating for the common
    /// (ASCII) case: for callers that count a document's words first and stem each distinct word once.
    /// </summary>
    public static WordReader Words(string text, char[] buffer) => new(text, buffer);

    /// <summary>Walks a text's words; <see cref="Current"/> is valid until the next call of <see cref="Next"/>.</summary>
    public ref struct WordReader(string text, char[] buffer)
    {
        private int _position;

        public ReadOnlySpan<char> Current { get; private set; }

        public bool Next()
        {
            while (_position < text.Length && !IsWordChar(text[_position]))
            {
                _position++;
            }

            if (_position >= text.Length)
            {
                return false;
            }

            var start = _position;
            while (_position < text.Length && IsWordChar(text[_position]))
            {
                _position++;
            }

            var word = text.AsSpan(start, _position - start);
            if (word.Length <= buffer.Length && IsAscii(word))
            {
                var lower = buffer.AsSpan(0, word.Length);
                word.ToLowerInvariant(lower);
                Current = lower;
            }
            else
            {
                Current = Fold(word);
            }

            return true;
        }
    }

    /// <summary>The index's term for one word typed or read.</summary>
    public static string Term(string word) => Term(word.AsSpan());

    public static string Term(ReadOnlySpan<char> word)
    {
        if (word.Length <= 64 && IsAscii(word))
        {
            // The common case looks the lower-cased word up without allocating it.
            Span<char> lower = stackalloc char[word.Length];
            word.ToLowerInvariant(lower);
            if (StemsBySpan.TryGetValue(lower, out var known))
            {
                return known;
            }

            return Remember(new string(lower));
        }

        var folded = Fold(word);
        return Stems.TryGetValue(folded, out var stem) ? stem : Remember(folded);
    }

    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> StemsBySpan =
        Stems.GetAlternateLookup<ReadOnlySpan<char>>();

    private static string Remember(string folded)
    {
        var stem = PorterStemmer.Stem(folded);
        if (Stems.Count >= MaxCachedStems)
        {
            Stems.Clear();
        }

        Stems.TryAdd(folded, stem);
        return stem;
    }

    private static bool IsAscii(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c > 127)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || (c > 127 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.PrivateUse or UnicodeCategory.NonSpacingMark);

    private static string Fold(ReadOnlySpan<char> word)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
