namespace ResearchHub.Search.Query;

/// <summary>
/// Words that must appear together in this order. <paramref name="Loose"/>: one typed word the
/// tokenizer splits ("well-defined"), which at the top level counts as its separate words.
/// </summary>
public sealed record PhraseNode(IReadOnlyList<string> Words, bool Loose = false) : QueryNode;
