namespace ResearchHub.Search.Query;

/// <summary>Excludes what matches its child; only meaningful beside something positive.</summary>
public sealed record NotNode(QueryNode Child) : QueryNode;
