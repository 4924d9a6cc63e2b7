using ResearchHub.Search.Services.Analysis;

namespace ResearchHub.Search.Services.Memory;

/// <summary>
/// A document as the in-memory index takes it in: what the visibility rule and the facets need, its
/// length in words, and its words (lower-cased, not yet stemmed) with their column-weighted
/// frequencies. Made off the index's lock, on every core; stemming happens as the index takes it in,
/// once per distinct word the index has ever seen.
/// </summary>
internal sealed record MemoryDocument(
    long Id,
    int Visibility,
    long? OwnerOrganisationId,
    string? CreatorUserId,
    string? Audience,
    int? Year,
    long? Date,
    long[] FacetKeys,
    int Length,
    KeyValuePair<string, int>[] Words)
{
    /// <summary>The column weights (<see cref="AnalysedDocument.FieldWeights"/>) doubled, so that every weighted frequency is a whole number.</summary>
    private static readonly int[] HalfWeights = AnalysedDocument.FieldWeights.Select(w => (int)(2 * w)).ToArray();

    /// <summary>Each analysing thread's word counter (kept between documents, so a word's string is made once per thread).</summary>
    [ThreadStatic]
    private static WordCounter? Counter;

    /// <summary>Analyses a document's columns (title, summary, body, file text, extra) as FTS5 does; every word counts towards its length.</summary>
    public static MemoryDocument Analyse(long id, int visibility, long? owner, string? creator, string? audience, int? year, long? date, long[] facetKeys, string[] columns)
    {
        var counter = Counter ??= new WordCounter();
        var length = 0;
        for (var c = 0; c < columns.Length; c++)
        {
            length += counter.Count(columns[c], HalfWeights[c]);
        }

        return new MemoryDocument(id, visibility, owner, creator, audience, year, date, facetKeys, length, counter.Take());
    }

    private static readonly HashSet<string> CommonTerms = StopWords.All.Select(TextAnalyzer.Term).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Terms that have no postings: the stems of common words, and single characters (which searches
    /// treat as common). Searches drop them from bare words; a query that needs one is answered by FTS5.
    /// </summary>
    public static bool IsCommon(string term) => term.Length <= 1 || CommonTerms.Contains(term);

    /// <summary>Counts one document's words at a time, each word numbered once per thread.</summary>
    private sealed class WordCounter
    {
        private const int MaxWords = 300_000;

        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
        private readonly List<string> _words = [];
        private readonly List<int> _touched = [];
        private readonly char[] _buffer = new char[64];
        private int[] _counts = new int[1024];

        public int Count(string text, int weight)
        {
            var numbers = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();
            var length = 0;
            var reader = TextAnalyzer.Words(text, _buffer);
            while (reader.Next())
            {
                length++;
                if (!numbers.TryGetValue(reader.Current, out var number))
                {
                    number = _words.Count;
                    var word = reader.Current.ToString();
                    _numbers[word] = number;
                    _words.Add(word);
                    if (number == _counts.Length)
                    {
                        Array.Resize(ref _counts, _counts.Length * 2);
                    }
                }

                if (_counts[number] == 0)
                {
                    _touched.Add(number);
                }

                _counts[number] += weight;
            }

            return length;
        }

        /// <summary>The document's words and frequencies; the counter is then ready for the next document.</summary>
        public KeyValuePair<string, int>[] Take()
        {
            var words = new KeyValuePair<string, int>[_touched.Count];
            for (var i = 0; i < words.Length; i++)
            {
                var number = _touched[i];
                words[i] = new(_words[number], _counts[number]);
                _counts[number] = 0;
            }

            _touched.Clear();
            if (_words.Count > MaxWords)
            {
                _numbers.Clear();
                _words.Clear();
            }

            return words;
        }
    }
}
