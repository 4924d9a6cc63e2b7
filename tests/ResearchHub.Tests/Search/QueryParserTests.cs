using ResearchHub.Search.Query;
using ResearchHub.Search.Services;

namespace ResearchHub.Tests.Search;

/// <summary>The query language: what each construct parses to, and what the FTS5 compiler makes of it.</summary>
public sealed class QueryParserTests
{
    [Fact]
    public void Bare_words_are_optional_words_and_compile_to_an_or()
    {
        var query = QueryParser.Parse("Loneliness  Isle");
        Assert.Equal(["loneliness", "isle"], query.Should.Select(t => t.Text));
        Assert.Empty(query.Must);
        Assert.Equal("(\"loneliness\" OR \"isle\")", SqliteSearchIndex.Compile(query, wordsOptional: true));
    }

    [Fact]
    public void Phrases_exclusions_or_and_prefixes()
    {
        var query = QueryParser.Parse("\"local area coordination\" -pilot (wellbeing OR wemwbs) coord*");
        Assert.Equal(["local", "area", "coordination"], Assert.IsType<PhraseNode>(query.Must[0]).Words);
        Assert.IsType<OrNode>(query.Must[1]);
        Assert.Equal(new TermNode("pilot"), query.MustNot.Single());
        Assert.Equal(new TermNode("coord", Prefix: true), query.Should.Single());
        Assert.Equal("(\"local area coordination\" AND (\"wellbeing\" OR \"wemwbs\") AND \"coord\" *) NOT \"pilot\"",
            SqliteSearchIndex.Compile(query, wordsOptional: true));
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
    public void Malformed_input_never_throws_and_compiles_to_quoted_words_only(string input)
    {
        var query = QueryParser.Parse(input);
        var compiled = SqliteSearchIndex.Compile(query, wordsOptional: true);
        if (compiled is not null)
        {
            // Outside quoted strings only our own operators, parentheses and prefix stars remain.
            var outside = string.Concat(compiled.Split('"').Where((_, i) => i % 2 == 0));
            Assert.Matches(@"^[\s()*]*((AND|OR|NOT)[\s()*]*)*$", outside);
        }
    }

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
