namespace ResearchHub.Search.Query;

/// <summary>The facet filters a query may carry: field (kind, org, site, ...) to the values asked for.</summary>
public sealed record FacetFilter(string Facet, string Value);
