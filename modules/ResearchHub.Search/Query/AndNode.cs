namespace ResearchHub.Search.Query;

/// <param name="Group">Written in parentheses without OR: at the top level its words count as typed beside them.</param>
public sealed record AndNode(IReadOnlyList<QueryNode> Children, bool Group = false) : QueryNode;
