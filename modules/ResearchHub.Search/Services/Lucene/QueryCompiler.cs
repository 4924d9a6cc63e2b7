using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using ResearchHub.Core.Search;
using ResearchHub.Search.Query;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Compiles our parsed query tree to Lucene queries. Every word goes through the index's own
/// analysis and becomes a term (or, when it analyses to several, a phrase): nothing the user typed
/// is ever read as Lucene syntax. Visibility and filters are restrictions that add nothing to the
/// score (run as cached bit sets, see <see cref="RestrictionCache"/>).
/// </summary>
public sealed class QueryCompiler(HubAnalyzer analyzer, float titleBoost)
{
    private static readonly HubAnalyzer Unstemmed = new() { Stem = false };

    /// <summary>The text part, or null when nothing in it can match (no words, or only common words).</summary>
    public global::Lucene.Net.Search.Query? Text(ParsedQuery query, bool wordsOptional)
    {
        var root = new BooleanQuery();
        var positive = 0;
        if (query.Should.Count > 0)
        {
            var words = new BooleanQuery();
            foreach (var word in query.Should.Select(Node).OfType<global::Lucene.Net.Search.Query>())
            {
                if (wordsOptional && word is BooleanQuery { Boost: 1f, MinimumNumberShouldMatch: 0 } alternatives && alternatives.Clauses.All(c => c.Occur == Occur.SHOULD))
                {
                    // One flat disjunction of every word's terms (text and title): the same scores (BM25
                    // has no coordination factor or query norm), without a disjunction inside a
                    // disjunction, which scored every match twice over.
                    foreach (var clause in alternatives.Clauses)
                    {
                        words.Add(clause.Query, Occur.SHOULD);
                    }

                    continue;
                }

                words.Add(word, wordsOptional ? Occur.SHOULD : Occur.MUST);
            }

            if (words.Clauses.Count > 0)
            {
                root.Add(words.Clauses.Count == 1 ? words.Clauses[0].Query : words, Occur.MUST);
                positive++;
            }
        }

        foreach (var node in query.Must.Select(Node).OfType<global::Lucene.Net.Search.Query>())
        {
            root.Add(node, Occur.MUST);
            positive++;
        }

        if (positive == 0)
        {
            return null;
        }

        foreach (var node in query.MustNot.Select(Node).OfType<global::Lucene.Net.Search.Query>())
        {
            root.Add(node, Occur.MUST_NOT);
        }

        return root.Clauses.Count == 1 ? root.Clauses[0].Query : root;
    }

    /// <summary>The analysed terms of the query's positive words (for highlighting and feedback).</summary>
    public List<string> Terms(ParsedQuery query) =>
        query.PositiveWords().SelectMany(w => analyzer.Terms(IndexFields.All, w)).Select(t => t.Term).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Who may see what, as a filter: the same rule as the library's. Anonymous: public; members:
    /// public, network, their organisation's, their own drafts (editors: their organisation's drafts);
    /// documents with an audience only to its holders; administrators everything. Null: no restriction.
    /// </summary>
    public static global::Lucene.Net.Search.Query? Access(SearchViewer viewer)
    {
        if (viewer.IsAdmin)
        {
            return null;
        }

        var filter = new BooleanQuery();
        var audience = new BooleanQuery { { Term(IndexFields.Audience, IndexFields.NoAudience), Occur.SHOULD } };
        if (viewer.SignedIn)
        {
            foreach (var granted in viewer.Audiences.Take(1000))
            {
                audience.Add(Term(IndexFields.Audience, granted), Occur.SHOULD);
            }
        }

        filter.Add(audience, Occur.MUST);
        if (!viewer.SignedIn)
        {
            filter.Add(Term(IndexFields.Visibility, Level(SearchVisibility.Public)), Occur.MUST);
            return filter;
        }

        var visible = new BooleanQuery
        {
            { Term(IndexFields.Visibility, Level(SearchVisibility.Public)), Occur.SHOULD },
            { Term(IndexFields.Visibility, Level(SearchVisibility.Network)), Occur.SHOULD },
        };
        var organisation = viewer.OrganisationId?.ToString(CultureInfo.InvariantCulture);
        if (organisation is not null)
        {
            visible.Add(new BooleanQuery
            {
                { Term(IndexFields.Visibility, Level(SearchVisibility.Organisation)), Occur.MUST },
                { Term(IndexFields.Owner, organisation), Occur.MUST },
            }, Occur.SHOULD);
        }

        var draftBy = new BooleanQuery();
        if (viewer.UserId is { Length: > 0 } user)
        {
            draftBy.Add(Term(IndexFields.Creator, user), Occur.SHOULD);
        }

        if (viewer.IsEditor && organisation is not null)
        {
            draftBy.Add(Term(IndexFields.Owner, organisation), Occur.SHOULD);
        }

        if (draftBy.Clauses.Count > 0)
        {
            visible.Add(new BooleanQuery
            {
                { Term(IndexFields.Visibility, Level(SearchVisibility.Draft)), Occur.MUST },
                { draftBy, Occur.MUST },
            }, Occur.SHOULD);
        }

        filter.Add(visible, Occur.MUST);
        return filter;
    }

    /// <summary>
    /// The facet filters: values of one facet are alternatives (OR), facets combine with AND; years
    /// as a range. <paramref name="except"/> leaves one facet out (its own counts are made without it).
    /// </summary>
    public static global::Lucene.Net.Search.Query? Filters(ParsedQuery query, string? except = null)
    {
        var filter = new BooleanQuery();
        foreach (var facet in query.Filters.Where(f => f.Facet != except).GroupBy(f => f.Facet))
        {
            var values = new BooleanQuery();
            foreach (var key in facet.Select(f => f.Value.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal))
            {
                values.Add(Term(IndexFields.FacetKey(facet.Key), key), Occur.SHOULD);
            }

            filter.Add(values, Occur.MUST);
        }

        if (except != SearchFacets.Year && (query.YearFrom is not null || query.YearTo is not null))
        {
            filter.Add(NumericRangeQuery.NewInt32Range(IndexFields.Year, query.YearFrom, query.YearTo, true, true), Occur.MUST);
        }

        return filter.Clauses.Count == 0 ? null : filter;
    }

    private global::Lucene.Net.Search.Query? Node(QueryNode node)
    {
        switch (node)
        {
            case TermNode { Prefix: true } prefix:
                return Prefix(prefix.Text);
            case TermNode term:
                return Word(term.Text);
            case PhraseNode phrase:
                return Phrase(string.Join(' ', phrase.Words));
            case OrNode or:
                var alternatives = new BooleanQuery();
                foreach (var child in or.Children.Select(Node).OfType<global::Lucene.Net.Search.Query>())
                {
                    alternatives.Add(child, Occur.SHOULD);
                }

                return alternatives.Clauses.Count == 0 ? null : alternatives;
            case AndNode and:
                var all = new BooleanQuery();
                foreach (var child in and.Children.Where(c => c is not NotNode).Select(Node).OfType<global::Lucene.Net.Search.Query>())
                {
                    all.Add(child, Occur.MUST);
                }

                if (all.Clauses.Count == 0)
                {
                    return null;
                }

                foreach (var child in and.Children.OfType<NotNode>().Select(n => Node(n.Child)).OfType<global::Lucene.Net.Search.Query>())
                {
                    all.Add(child, Occur.MUST_NOT);
                }

                return all;
            default:
                return null;
        }
    }

    /// <summary>A word: its term in the text, and in the title with extra weight. A word the analysis splits becomes a phrase.</summary>
    private global::Lucene.Net.Search.Query? Word(string word)
    {
        var terms = analyzer.Terms(IndexFields.All, word);
        if (terms.Count != 1)
        {
            return terms.Count == 0 ? null : Phrase(word);
        }

        var inText = new TermQuery(new Term(IndexFields.All, terms[0].Term));
        if (titleBoost <= 0)
        {
            return inText;
        }

        return new BooleanQuery
        {
            { inText, Occur.SHOULD },
            { new TermQuery(new Term(IndexFields.Title, terms[0].Term)) { Boost = titleBoost }, Occur.SHOULD },
        };
    }

    /// <summary>Words in this order (common words inside keep their place as gaps).</summary>
    private global::Lucene.Net.Search.Query? Phrase(string text)
    {
        var terms = analyzer.Terms(IndexFields.All, text);
        if (terms.Count <= 1)
        {
            return terms.Count == 0 ? null : new TermQuery(new Term(IndexFields.All, terms[0].Term));
        }

        var phrase = new PhraseQuery();
        foreach (var (term, position) in terms)
        {
            phrase.Add(new Term(IndexFields.All, term), position);
        }

        return phrase;
    }

    /// <summary>
    /// Words beginning with the text. Indexed words are stemmed, so the prefix is looked up both as
    /// typed and as its own stem ("evaluat*" finds "evaluation", indexed as "evalu").
    /// </summary>
    private global::Lucene.Net.Search.Query? Prefix(string text)
    {
        var typed = Unstemmed.Terms(IndexFields.All, text);
        if (typed.Count != 1)
        {
            return Word(text);
        }

        var prefixes = new[] { typed[0].Term }.Concat(analyzer.Terms(IndexFields.All, text).Select(t => t.Term)).Distinct(StringComparer.Ordinal).ToList();
        var any = new BooleanQuery();
        foreach (var prefix in prefixes)
        {
            any.Add(new PrefixQuery(new Term(IndexFields.All, prefix)), Occur.SHOULD);
        }

        return any.Clauses.Count == 1 ? any.Clauses[0].Query : any;
    }

    private static TermQuery Term(string field, string value) => new(new Term(field, value));

    private static string Level(SearchVisibility visibility) => ((int)visibility).ToString(CultureInfo.InvariantCulture);
}
