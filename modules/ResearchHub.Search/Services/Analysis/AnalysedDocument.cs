namespace ResearchHub.Search.Services.Analysis;

/// <summary>
/// A document's terms as bm25 counts them, from our own analysis of its text: each occurrence
/// weighted by its field (as FTS5 weights columns), and its length in words. Both engines re-score
/// their best matches on these (see <see cref="Bm25"/>), so a query's words weigh the same on either.
/// </summary>
public sealed class AnalysedDocument
{
    /// <summary>Weights by field: title, summary, body, file text, extra (authors, organisations, vocabularies).</summary>
    public static readonly double[] FieldWeights = [4.0, 2.0, 1.0, 0.5, 2.0];

    /// <summary>How much of a long body and of file text is read (the start carries most of what a document is about).</summary>
    public const int BodyChars = 4_000;
    public const int FileChars = 1_000;

    private readonly Dictionary<string, double> _frequencies = new(StringComparer.Ordinal);

    /// <param name="fields">Title, summary, body, file text and extra, in the order of <see cref="FieldWeights"/>.</param>
    public AnalysedDocument(string[] fields)
    {
        for (var f = 0; f < fields.Length; f++)
        {
            foreach (var token in TextAnalyzer.Tokens(fields[f]))
            {
                _frequencies[token.Term] = _frequencies.GetValueOrDefault(token.Term) + FieldWeights[f];
                Length++;
            }
        }
    }

    public int Length { get; }

    public double Frequency(string term) => _frequencies.GetValueOrDefault(term);

    public bool Contains(string term) => _frequencies.ContainsKey(term);
}
