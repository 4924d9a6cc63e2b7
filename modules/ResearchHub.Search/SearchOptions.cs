namespace ResearchHub.Search;

/// <summary>
/// Search settings (Hub:Search). The ranking defaults are the customary ones from the literature
/// (RM3 as in Anserini: 10 feedback documents, 10 terms), with two rules for robustness on collections
/// of other kinds: the query's own weight 0.7, and feedback only when its documents are at most 1% of the index.
/// </summary>
public sealed class SearchOptions
{
    public const string Section = "Hub:Search";

    /// <summary>Where this node's index lives: relative to App_Data, or absolute (default App_Data/search).</summary>
    public string? IndexPath { get; set; }

    /// <summary>How often the node reads the change log in the background (changes by other nodes).</summary>
    public int FollowMilliseconds { get; set; } = 500;

    /// <summary>How often applied changes are made durable (after a crash the log is followed again from the last commit).</summary>
    public int CommitMilliseconds { get; set; } = 3000;

    /// <summary>How often a node prunes the change log of the entries every node has applied.</summary>
    public int PruneMinutes { get; set; } = 60;

    /// <summary>
    /// A node that has not reported its position for this long is no longer waited for when pruning;
    /// when it returns, its index is built again from the database.
    /// </summary>
    public double PositionHorizonHours { get; set; } = 168;

    /// <summary>
    /// Extra weight of a word found in the title, over its weight in the text (the title is in both):
    /// a title says what a document is about in few words.
    /// </summary>
    public float TitleBoost { get; set; } = 0.3f;

    /// <summary>
    /// Pseudo-relevance feedback runs for queries of at least this many content words: descriptive
    /// queries (a sentence, a question) gain from it; short keyword queries say exactly what they want.
    /// </summary>
    public int FeedbackMinWords { get; set; } = 4;

    /// <summary>Pseudo-relevance feedback: how many top documents are read for expansion words (RM3's fbDocs).</summary>
    public int FeedbackDocuments { get; set; } = 10;

    /// <summary>How many expansion words are added (RM3's fbTerms).</summary>
    public int FeedbackTerms { get; set; } = 10;

    /// <summary>
    /// How many of the query's best matches the expanded query re-ranks (the rest follow in the
    /// query's own order): the expansion words re-order the head of what the query found rather than
    /// scoring every match again.
    /// </summary>
    public int FeedbackCandidates { get; set; } = 100;

    /// <summary>
    /// The share of the expansion words in the second retrieval (1 minus RM3's original query weight).
    /// 0.3 rather than Anserini's 0.5: the query keeps most of the say, which bounds what a poor feedback
    /// sample can cost (short texts without titles, where the top ten share few words) while keeping most
    /// of the gain where the sample is good.
    /// </summary>
    public double FeedbackWeight { get; set; } = 0.3;

    /// <summary>
    /// Feedback runs only when its documents are at most this share of the index's documents (10 of
    /// 1,000 or more). Feedback reads the best first results as a sample of the query's topic, set
    /// against the whole collection; in a small collection ten documents are a large part of
    /// everything (82 documents: an eighth) and the sample is the collection itself; a smaller sample
    /// is no better (four documents of 423 still cost MAP). 1 turns the rule off.
    /// </summary>
    public double FeedbackCollectionShare { get; set; } = 0.01;
}
