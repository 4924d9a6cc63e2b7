using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// The index's analysis, for documents and queries alike: Unicode word boundaries
/// (StandardTokenizer), English possessives removed, lower case, accents folded to ASCII, our stop
/// list (<see cref="StopWords"/>) and Porter stemming. Fields given several values (title, summary,
/// body in the "all" field) are kept 100 positions apart so no phrase spans two of them. The "words"
/// field (did-you-mean's vocabulary) is not stemmed, so suggestions are words as written.
/// </summary>
public sealed class HubAnalyzer : Analyzer
{
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly CharArraySet Stops = new(Version, StopWords.All.ToList(), ignoreCase: false);

    /// <summary>Components are reused per field: "words" is analysed differently from the rest.</summary>
    public HubAnalyzer()
        : base(PER_FIELD_REUSE_STRATEGY)
    {
    }

    /// <summary>Analyses without stemming (for prefixes and did-you-mean, which work on the words as typed).</summary>
    public bool Stem { get; init; } = true;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = 64 };
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, Stops);
        if (Stem && fieldName != IndexFields.Words)
        {
            stream = new PorterStemFilter(stream);
        }

        return new TokenStreamComponents(tokenizer, stream);
    }

    public override int GetPositionIncrementGap(string fieldName) => 100;

    /// <summary>The terms <paramref name="text"/> analyses to, in order, with their positions (stop words leave gaps).</summary>
    public List<(string Term, int Position)> Terms(string field, string text)
    {
        var terms = new List<(string, int)>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<global::Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        var increment = stream.AddAttribute<global::Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            terms.Add((term.ToString(), position));
        }

        stream.End();
        return terms;
    }
}
