namespace ResearchHub.Search.Services.Analysis;

/// <summary>A query term as bm25 weighs it: how often the query asks for it, and how many documents of the collection hold it.</summary>
public readonly record struct Bm25Term(string Term, int Count, long DocumentFrequency);

/// <summary>
/// bm25 as FTS5 computes it (column-weighted frequencies, k1 1.2, b 0.75, idf floored just above
/// zero), on analysed documents. The collection figures come from the engine, so idf is the whole
/// index's, not the candidates'.
/// </summary>
public static class Bm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>Each document's score; documents holding none of the terms are left out.</summary>
    public static Dictionary<long, double> Score(IReadOnlyList<Bm25Term> terms, IReadOnlyDictionary<long, AnalysedDocument> documents, long collectionSize, double averageLength)
    {
        var scores = new Dictionary<long, double>();
        averageLength = Math.Max(1.0, averageLength);
        foreach (var (term, count, df) in terms)
        {
            var idf = Idf(collectionSize, df);
            foreach (var (id, document) in documents)
            {
                var frequency = document.Frequency(term);
                if (frequency > 0)
                {
                    scores[id] = scores.GetValueOrDefault(id) + count * idf * Saturation(frequency, document.Length, averageLength);
                }
            }
        }

        return scores;
    }

    /// <summary>FTS5's idf: log((N - n + 0.5) / (n + 0.5)), or 1e-6 where that is not positive, so a very common term still counts a little.</summary>
    public static double Idf(long collectionSize, long documentFrequency)
    {
        var idf = Math.Log((collectionSize - documentFrequency + 0.5) / (documentFrequency + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    /// <summary>The term-frequency part: a column-weighted frequency saturated by k1, normalised by the document's length (b).</summary>
    public static double Saturation(double frequency, double length, double averageLength) =>
        frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / averageLength));
}
