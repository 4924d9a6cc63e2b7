namespace ResearchHub.Search.Query;

/// <summary>One word as the index's tokenizer would see it (letters and digits only), optionally a prefix.</summary>
public sealed record TermNode(string Text, bool Prefix = false) : QueryNode;
