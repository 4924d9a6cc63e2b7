namespace ResearchHub.Codebooks.Domain;

/// <summary>How the "from" code relates to the "to" code (SKOS's exact, broad, narrow and related match).</summary>
public enum MappingRelation
{
    SameAs = 0,
    BroaderThan = 1,
    NarrowerThan = 2,
    RelatedTo = 3,
}
