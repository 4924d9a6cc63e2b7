namespace ResearchHub.Search.Services;

/// <summary>
/// Common English function words (close to the SMART and Lucene lists, plus question words people
/// type). They are dropped from bare words, which are OR-ed: in an OR they would match nearly
/// every document. Phrases keep them ("state of the art").
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "either", "etc", "few", "for", "from", "further", "had", "has", "have", "having",
        "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
        "other", "ought", "our", "ours", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
        "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "you", "your", "yours",
    };

    /// <summary>The list itself (single letters aside).</summary>
    public static IReadOnlyCollection<string> All => Words;

    /// <summary>Single letters ("e.g." gives "e" and "g") are as common as stop words.</summary>
    public static bool Contains(string word) => word.Length == 1 || Words.Contains(word);
}
