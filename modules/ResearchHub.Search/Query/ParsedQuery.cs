namespace ResearchHub.Search.Query;

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
