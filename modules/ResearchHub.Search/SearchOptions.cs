namespace ResearchHub.Search;

/// <summary>Ranking settings (Hub:Search). The defaults are the customary ones from the literature, not tuned to a test collection.</summary>
public sealed class SearchOptions
{
    public const string Section = "Hub:Search";

    /// <summary>How many of the engine's best matches are re-ranked (at least this, and at most 1,000 or the page asked for).</summary>
    public int RerankDepth { get; set; } = 100;

    /// <summary>Pseudo-relevance feedback: how many top documents are read for expansion words (RM3's fbDocs).</summary>
    public int FeedbackDocuments { get; set; } = 10;

    /// <summary>How many expansion words are added (RM3's fbTerms).</summary>
    public int FeedbackTerms { get; set; } = 10;

    /// <summary>The share of the expansion words in the final score (1 minus RM3's original query weight).</summary>
    public double FeedbackWeight { get; set; } = 0.5;

    /// <summary>
    /// How much a document gains for containing more of the query's words: its score is multiplied by
    /// (1 - w) + w × (share of the words it contains), so documents with all words come first among equals.
    /// </summary>
    public double CoordinationWeight { get; set; } = 0.3;

    /// <summary>
    /// SQLite: answer searches from postings held in memory, kept in step with the index through its
    /// change log (see Services/Memory). Off, FTS5 answers every search (slower at 100,000 documents).
    /// </summary>
    public bool MemoryIndex { get; set; } = true;
}
