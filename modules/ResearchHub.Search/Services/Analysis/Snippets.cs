using System.Text;

namespace ResearchHub.Search.Services.Analysis;

/// <summary>What a snippet highlights: whole terms, and term beginnings for words typed with *.</summary>
public sealed record HighlightTerms(IReadOnlySet<string> Terms, IReadOnlyList<string> Prefixes)
{
    public bool IsEmpty => Terms.Count == 0 && Prefixes.Count == 0;

    public bool Matches(string term)
    {
        if (Terms.Contains(term))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (term.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Picks the passage of a document that best shows why it matched: the field and the window of
/// <see cref="Window"/> words holding the most different query words (then the most matches), and
/// marks each matched word with the index's markers. Works on the stored text, so the passage reads
/// as written (case, punctuation), and on the same terms the index matched.
/// </summary>
public static class Snippets
{
    public const int Window = 24;
    private const string Ellipsis = "…";

    public static string Build(IReadOnlyList<string> fields, HighlightTerms highlight)
    {
        if (highlight.IsEmpty)
        {
            return "";
        }

        (string Text, List<TextToken> Tokens, bool[] Matched, int Start, int Score)? best = null;
        foreach (var text in fields)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var tokens = TextAnalyzer.Tokens(text);
            var matched = tokens.Select(t => highlight.Matches(t.Term)).ToArray();
            if (!matched.Contains(true))
            {
                continue;
            }

            var (start, score) = BestWindow(tokens, matched);
            if (best is null || score > best.Value.Score)
            {
                best = (text, tokens, matched, start, score);
            }
        }

        if (best is not { } b)
        {
            return "";
        }

        var end = Math.Min(b.Tokens.Count, b.Start + Window);
        var snippet = new StringBuilder();
        if (b.Start > 0)
        {
            snippet.Append(Ellipsis);
        }

        var from = b.Start == 0 ? 0 : b.Tokens[b.Start].Start;
        for (var i = b.Start; i < end; i++)
        {
            var token = b.Tokens[i];
            snippet.Append(b.Text, from, token.Start - from);
            if (b.Matched[i])
            {
                snippet.Append(SqlSearchIndex.MarkStart).Append(b.Text, token.Start, token.Length).Append(SqlSearchIndex.MarkEnd);
            }
            else
            {
                snippet.Append(b.Text, token.Start, token.Length);
            }

            from = token.Start + token.Length;
        }

        if (end < b.Tokens.Count)
        {
            snippet.Append(Ellipsis);
        }
        else
        {
            snippet.Append(b.Text, from, b.Text.Length - from);
        }

        return snippet.ToString().Trim();
    }

    /// <summary>
    /// The window with the most different matched terms, then the most matches; among equals the
    /// earliest, moved back a few words so the first match is not the snippet's first word.
    /// </summary>
    private static (int Start, int Score) BestWindow(List<TextToken> tokens, bool[] matched)
    {
        var bestStart = 0;
        var bestScore = -1;
        for (var start = 0; start < Math.Max(1, tokens.Count - Window + 1); start++)
        {
            if (!matched[start] && start > 0)
            {
                continue;
            }

            var end = Math.Min(tokens.Count, start + Window);
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            for (var i = start; i < end; i++)
            {
                if (matched[i])
                {
                    distinct.Add(tokens[i].Term);
                    count++;
                }
            }

            var score = distinct.Count * 1000 + count;
            if (score > bestScore)
            {
                bestScore = score;
                bestStart = start;
            }
        }

        // A little context before the first match, as long as no match falls out of the window's end.
        var lead = 0;
        while (lead < 4 && bestStart - lead > 0)
        {
            var dropped = bestStart - lead - 1 + Window;
            if (dropped < tokens.Count && matched[dropped])
            {
                break;
            }

            lead++;
        }

        return (bestStart - lead, bestScore);
    }
}
