namespace ResearchHub.Federation.Domain;

/// <summary>Which library resource a harvested OAI record became: the deduplication key.</summary>
public sealed class HarvestedRecord
{
    public long Id { get; set; }
    public long SourceId { get; set; }
    public required string OaiIdentifier { get; set; }
    public long? ResourceId { get; set; }
    /// <summary>The record's datestamp when last stored: an unchanged record is not written again.</summary>
    public required string Datestamp { get; set; }
    public bool Deleted { get; set; }
    /// <summary>
    /// Whether the harvester created the resource. One found by DOI (entered by hand, say) is only
    /// linked: the source's updates and deletions never touch it.
    /// </summary>
    public bool OwnsResource { get; set; }
}
