namespace ResearchHub.Search.Query;

public sealed record OrNode(IReadOnlyList<QueryNode> Children) : QueryNode;
