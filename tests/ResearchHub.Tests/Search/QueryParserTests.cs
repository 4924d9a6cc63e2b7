using Lucene.Net.Search;
using ResearchHub.Search.Query;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Tests.Search;

/// <summary>The query language: what each construct parses to, and what the Lucene compiler makes of it.</summary>
public sealed class QueryParserTests
{
    [Fact]
    public void Bare_words_are_optional_words_and_compile_to_an_or()
    {
        var query = QueryParser.Parse("Loneliness  Isle");
        Assert.Equal(["loneliness", "isle"], query.Should.Select(t => t.Text));
        Assert.Empty(query.Must);
        Assert.Equal("all:loneli all:isl", Compile(query));
    }

    [Fact]
    public void Phrases_exclusions_or_and_prefixes()
    {
        var query = QueryParser.Parse("\"local area coordination\" -pilot (wellbeing OR wemwbs) coord*");
        Assert.Equal(["local", "area", "coordination"], Assert.IsType<PhraseNode>(query.Must[0]).Words);
        Assert.IsType<OrNode>(query.Must[1]);
        Assert.Equal(new TermNode("pilot"), query.MustNot.Single());
        Assert.Equal(new TermNode("coord", Prefix: true), query.Should.Single());
        Assert.Equal("+all:coord* +all:\"local area coordin\" +(all:wellb all:wemwb) -all:pilot", Compile(query));
    }

    [Fact]
    public void Field_filters_and_year_ranges()
    {
        var query = QueryParser.Parse("kind:evaluation org:\"Isle of Wight\" site:Derby method:interviews measure:wemwbs year:2019..2016 impact");
        Assert.Equal(
            [new FacetFilter(SearchFacets.Kind, "evaluation"), new FacetFilter(SearchFacets.Organisation, "Isle of Wight"),
             new FacetFilter(SearchFacets.Site, "Derby"), new FacetFilter(SearchFacets.Method, "interviews"), new FacetFilter(SearchFacets.Measure, "wemwbs")],
            query.Filters);
        Assert.Equal((2016, 2019), (query.YearFrom, query.YearTo));
        Assert.Equal("impact", query.Should.Single().Text);

        var single = QueryParser.Parse("year:2018");
        Assert.Equal((2018, 2018), (single.YearFrom, single.YearTo));
        Assert.False(single.HasText);
    }

    [Fact]
    public void Parentheses_without_or_and_hyphenated_words_add_their_words()
    {
        var query = QueryParser.Parse("bile ducts (e.g. gallstones) well-defined");
        Assert.Equal(["bile", "ducts", "e", "g", "gallstones", "well", "defined"], query.Should.Select(t => t.Text));
        Assert.Empty(query.Must);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("NEAR(a b, 2)")]
    [InlineData("col: title:x ^ *")]
    [InlineData("((((((((((((((((((((a))))))))))")]
    [InlineData(")))(((")]
    [InlineData("OR OR AND NOT -")]
    [InlineData("- -- --- \"\" () *")]
    [InlineData("a\u0000b\u0007c\u001b[31m")]
    [InlineData("title:\"x\" OR {a b} ^2 \"a\" NEAR/3 b")]
    [InlineData("kind: org:\"\" year:abc year:1..2 year:99999")]
    public void Malformed_input_never_throws_and_compiles_to_analysed_words_only(string input)
    {
        var query = QueryParser.Parse(input);
        var compiled = new QueryCompiler(new HubAnalyzer(), 0.3f).Text(query, wordsOptional: true);
        if (compiled is not null)
        {
            // Only our own query types, on the text fields, with terms of letters and digits.
            foreach (var (field, text) in Terms(compiled))
            {
                Assert.Contains(field, new[] { IndexFields.All, IndexFields.Title });
                Assert.Matches("^[a-z0-9]+$", text);
            }
        }
    }

    private static string Compile(ParsedQuery query) => new QueryCompiler(new HubAnalyzer(), 0).Text(query, wordsOptional: true)!.ToString();

    private static IEnumerable<(string Field, string Text)> Terms(Lucene.Net.Search.Query query) => query switch
    {
        BooleanQuery b => b.Clauses.SelectMany(c => Terms(c.Query)),
        TermQuery t => [(t.Term.Field, t.Term.Text)],
        PhraseQuery p => p.GetTerms().Select(t => (t.Field, t.Text)),
        PrefixQuery p => [(p.Prefix.Field, p.Prefix.Text)],
        _ => throw new Xunit.Sdk.XunitException($"unexpected query type {query.GetType().Name}"),
    };

    [Fact]
    public void Very_long_input_is_cut()
    {
        var query = QueryParser.Parse(string.Concat(Enumerable.Repeat("word ", 2000)) + new string('x', 10_000));
        Assert.True(query.Should.Count <= QueryParser.MaxTerms);
    }

    [Fact]
    public void Snippets_are_html_encoded_with_only_our_marks()
    {
        var html = SearchService.Highlight("<script>alert(1)</script> \u0002match\u0003 & more \u0002open");
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; <mark>match</mark> &amp; more <mark>open</mark>", html);
    }
}
