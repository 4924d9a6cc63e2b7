namespace ResearchHub.Search.Query;

/// <summary>The parsed form of what a user typed; compiled to Lucene queries (Services/Lucene/QueryCompiler), never passed through.</summary>
public abstract record QueryNode;
