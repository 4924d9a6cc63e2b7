namespace ResearchHub.Search.Query;

/// <summary>The parsed form of what a user typed; compiled to Lucene queries (Services/Lucene/QueryCompiler), never passed through.</summary>
public abstract record QueryNode;

/// <summary>One word as the index's tokenizer would see it (letters and digits only), optionally a prefix.</summary>
public sealed record TermNode(string Text, bool Prefix = false) : QueryNode;

/// <summary>
/// Words that must appear together in this order. <paramref name="Loose"/>: one typed word the
/// tokenizer splits ("well-defined"), which at the top level counts as its separate words.
/// </summary>
public sealed record PhraseNode(IReadOnlyList<string> Words, bool Loose = false) : QueryNode;

/// <param name="Group">Written in parentheses without OR: at the top level its words count as typed beside them.</param>
public sealed record AndNode(IReadOnlyList<QueryNode> Children, bool Group = false) : QueryNode;

public sealed record OrNode(IReadOnlyList<QueryNode> Children) : QueryNode;

/// <summary>Excludes what matches its child; only meaningful beside something positive.</summary>
public sealed record NotNode(QueryNode Child) : QueryNode;

/// <summary>The facet filters a query may carry: field (kind, org, site, ...) to the values asked for.</summary>
public sealed record FacetFilter(string Facet, string Value);

/// <summary>
/// A parsed query: the text part as a tree, plus filters. <see cref="Should"/> holds bare words,
/// which are ranked with all words preferred (any may match); <see cref="Must"/> holds phrases,
/// groups and OR expressions, which must match; <see cref="MustNot"/> what must not.
/// </summary>
public sealed record ParsedQuery(
    IReadOnlyList<TermNode> Should,
    IReadOnlyList<QueryNode> Must,
    IReadOnlyList<QueryNode> MustNot,
    IReadOnlyList<FacetFilter> Filters,
    int? YearFrom,
    int? YearTo)
{
    public bool HasText => Should.Count > 0 || Must.Count > 0;

    /// <summary>Only exclusions or filters on their own: we list by filters, or say nothing can be found.</summary>
    public bool IsEmpty => !HasText && Filters.Count == 0 && YearFrom is null && YearTo is null;

    /// <summary>Every positive word, for ranking, coordination and feedback.</summary>
    public IEnumerable<string> PositiveWords() =>
        Should.Select(t => t.Text).Concat(Must.SelectMany(Words)).Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> Words(QueryNode node) => node switch
    {
        TermNode t => [t.Text],
        PhraseNode p => p.Words,
        AndNode a => a.Children.SelectMany(Words),
        OrNode o => o.Children.SelectMany(Words),
        _ => [],
    };
}
