namespace ResearchHub.Codebooks.Domain;

public sealed class CrosswalkMapping
{
    public long Id { get; set; }
    public long CrosswalkId { get; set; }
    public Guid FromCodeGuid { get; set; }
    public Guid ToCodeGuid { get; set; }
    public MappingRelation Relation { get; set; }
    public string Note { get; set; } = "";
}
