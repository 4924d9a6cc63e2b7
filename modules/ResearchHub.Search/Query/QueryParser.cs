using System.Globalization;
using System.Text;

namespace ResearchHub.Search.Query;

/// <summary>
/// Parses the hub's query language: words (all preferred), "exact phrases", -exclude, OR, prefix*,
/// field filters (kind:, org:, site:, practice:, method:, measure:, year:2018, year:2016..2019) and
/// parentheses. It never fails: whatever cannot be read as syntax is read as words, and words are
/// reduced to letters and digits, so no engine syntax (NEAR(, col:, ^, quotes) survives.
/// </summary>
public static class QueryParser
{
    /// <summary>
    /// Longer input is cut, so a pasted page cannot make a huge engine query. Room for a descriptive
    /// question of a few paragraphs (CISI's run to 336 words): at 1,000 characters and 32 words its
    /// later words were dropped, and the ranking fell below plain BM25 over the whole question.
    /// </summary>
    public const int MaxLength = 4000;
    public const int MaxTerms = 256;
    private const int MaxDepth = 8;

    /// <summary>Field names users type, to the facet they filter.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["kind"] = SearchFacets.Kind,
        ["type"] = SearchFacets.Kind,
        ["org"] = SearchFacets.Organisation,
        ["organisation"] = SearchFacets.Organisation,
        ["organization"] = SearchFacets.Organisation,
        ["site"] = SearchFacets.Site,
        ["practice"] = SearchFacets.PracticeArea,
        ["area"] = SearchFacets.PracticeArea,
        ["method"] = SearchFacets.Method,
        ["measure"] = SearchFacets.Measure,
    };

    public static ParsedQuery Parse(string? input)
    {
        var text = Clean(input);
        var tokens = Lex(text);
        var state = new State(tokens);
        var should = new List<TermNode>();
        var must = new List<QueryNode>();
        var mustNot = new List<QueryNode>();
        while (!state.AtEnd)
        {
            if (state.Peek.Kind == TokenKind.Close)
            {
                state.Next(); // a stray ")" is ignored
                continue;
            }

            var negate = state.Peek.Kind == TokenKind.Minus;
            if (negate)
            {
                state.Next();
                if (state.AtEnd)
                {
                    break;
                }
            }

            var node = ParseOr(state, 0);
            if (node is null)
            {
                continue;
            }

            if (negate)
            {
                mustNot.Add(node);
                continue;
            }

            // Parentheses only group alternatives: "(e.g. bile ducts)" in a typed question adds its words, it does not require them all.
            foreach (var part in node is AndNode { Group: true } group ? group.Children : [node])
            {
                switch (part)
                {
                    case TermNode term:
                        should.Add(term);
                        break;
                    case PhraseNode { Loose: true } loose:
                        should.AddRange(loose.Words.Select(w => new TermNode(w)));
                        break;
                    case NotNode not:
                        mustNot.Add(not.Child);
                        break;
                    default:
                        must.Add(part);
                        break;
                }
            }
        }

        // Cap the number of words so a pasted page cannot make a huge engine query.
        var budget = MaxTerms;
        should = should.Where(_ => budget-- > 0).ToList();
        return new ParsedQuery(should, must.Take(MaxTerms).ToList(), mustNot.Take(MaxTerms).ToList(),
            state.Filters, state.YearFrom, state.YearTo);
    }

    /// <summary>Removes control characters (they mean nothing in a query) and cuts overlong input.</summary>
    private static string Clean(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        var source = input.Length > MaxLength ? input[..MaxLength] : input;
        var builder = new StringBuilder(source.Length);
        foreach (var c in source)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static QueryNode? ParseOr(State state, int depth)
    {
        var first = ParseUnary(state, depth);
        var alternatives = new List<QueryNode>();
        if (first is not null)
        {
            alternatives.Add(first);
        }

        while (!state.AtEnd && state.Peek.Kind == TokenKind.Or)
        {
            state.Next();
            if (state.AtEnd || state.Peek.Kind is TokenKind.Close or TokenKind.Or)
            {
                continue; // "a OR" and "a OR OR b": the lone operator is ignored
            }

            if (ParseUnary(state, depth) is { } next)
            {
                alternatives.Add(next);
            }
        }

        return alternatives.Count switch
        {
            0 => null,
            1 => alternatives[0],
            _ => new OrNode(alternatives),
        };
    }

    private static QueryNode? ParseUnary(State state, int depth)
    {
        if (state.AtEnd)
        {
            return null;
        }

        var token = state.Next();
        switch (token.Kind)
        {
            case TokenKind.Or:
            case TokenKind.Close:
                return null;
            case TokenKind.Minus:
                // "-" inside a group or after OR: exclusion only at the top level, so read on.
                return ParseUnary(state, depth);
            case TokenKind.Phrase:
                return Phrase(token.Text);
            case TokenKind.Open when depth >= MaxDepth:
                return ParseUnary(state, depth); // deeper nesting is flattened rather than refused
            case TokenKind.Open:
                var children = new List<QueryNode>();
                var negated = new List<QueryNode>();
                while (!state.AtEnd && state.Peek.Kind != TokenKind.Close)
                {
                    var negate = state.Peek.Kind == TokenKind.Minus;
                    if (negate)
                    {
                        state.Next();
                    }

                    if (ParseOr(state, depth + 1) is { } child)
                    {
                        (negate ? negated : children).Add(child);
                    }
                }

                if (!state.AtEnd)
                {
                    state.Next(); // the ")"; a missing one is forgiven
                }

                if (children.Count == 0)
                {
                    return null; // "()" or "(-a)": nothing positive to look for
                }

                children.AddRange(negated.Select(n => new NotNode(n)));
                return children.Count == 1 ? children[0] : new AndNode(children, Group: true);
            default:
                return Word(state, token.Text);
        }
    }

    private static QueryNode? Word(State state, string word)
    {
        var colon = word.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var field = word[..colon];
            var value = word[(colon + 1)..];
            if (value.Length == 0 && !state.AtEnd && state.Peek.Kind == TokenKind.Phrase && state.Peek.Attached)
            {
                value = state.Next().Text;
            }

            if (string.Equals(field, "year", StringComparison.OrdinalIgnoreCase) && TryYears(value, out var from, out var to))
            {
                state.YearFrom = from;
                state.YearTo = to;
                return null;
            }

            if (Fields.TryGetValue(field, out var facet) && value.Trim().Length > 0)
            {
                state.Filters.Add(new FacetFilter(facet, value.Trim()));
                return null;
            }
        }

        var prefix = word.EndsWith('*');
        var words = Tokenize(word);
        return words.Count switch
        {
            0 => null,
            // "e-mail" is one thing to the reader: the engine's tokenizer splits it, so it becomes a phrase.
            1 => new TermNode(words[0], prefix && words[0].Length >= 2),
            _ => new PhraseNode(words, Loose: true),
        };
    }

    private static QueryNode? Phrase(string text)
    {
        var words = Tokenize(text);
        return words.Count switch
        {
            0 => null,
            1 => new TermNode(words[0]),
            _ => new PhraseNode(words.Take(MaxTerms).ToList()),
        };
    }

    private static bool TryYears(string value, out int from, out int to)
    {
        from = to = 0;
        var parts = value.Split("..", 2);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out from) || from is < 1000 or > 9999)
        {
            return false;
        }

        to = from;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out to) || to is < 1000 or > 9999))
        {
            return false;
        }

        if (to < from)
        {
            (from, to) = (to, from);
        }

        return true;
    }

    /// <summary>
    /// Words as the index sees them: runs of letters and digits, lower-cased. This is what keeps
    /// engine syntax out: nothing else reaches a compiled query.
    /// </summary>
    public static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        // A single word of hundreds of characters is never a real word; cut it rather than fail.
        return words.Select(w => w.Length > 64 ? w[..64] : w).ToList();
    }

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var attached = i > 0 && text[i - 1] == ':';
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")"));
                i++;
            }
            else if (c is '"' or '“' or '”')
            {
                // An unbalanced quote runs to the end of the input.
                var end = text.IndexOfAny(['"', '“', '”'], i + 1);
                var inner = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                tokens.Add(new Token(TokenKind.Phrase, inner, attached));
                i = end < 0 ? text.Length : end + 1;
            }
            else if (c == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] == '('))
            {
                tokens.Add(new Token(TokenKind.Minus, "-"));
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '"' and not '“' and not '”')
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(word is "OR" or "|" ? new Token(TokenKind.Or, word) : new Token(TokenKind.Word, word));
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        Phrase,
        Open,
        Close,
        Or,
        Minus,
    }

    private sealed record Token(TokenKind Kind, string Text, bool Attached = false);

    private sealed class State(List<Token> tokens)
    {
        private int _position;

        public List<FacetFilter> Filters { get; } = [];
        public int? YearFrom { get; set; }
        public int? YearTo { get; set; }

        public bool AtEnd => _position >= tokens.Count;

        public Token Peek => tokens[_position];

        public Token Next() => tokens[_position++];
    }
}
