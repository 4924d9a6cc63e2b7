namespace ResearchHub.Federation.Domain;

/// <summary>
/// A resource that was public and no longer is (unpublished, narrowed or deleted): OAI-PMH
/// harvesters must learn it is gone (deletedRecord "persistent"), so the record outlives the resource.
/// Removed again when the resource becomes public once more.
/// </summary>
public sealed class OaiTombstone
{
    /// <summary>The resource's id, which is also the tail of its OAI identifier.</summary>
    public long ResourceId { get; set; }
    public int Kind { get; set; }
    public long? OwnerOrganisationId { get; set; }
    public DateTimeOffset DeletedAt { get; set; }
}

/// <summary>An OAI-PMH repository the hub harvests, added by an administrator.</summary>
public sealed class HarvestSource
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string BaseUrl { get; set; }
    public string MetadataPrefix { get; set; } = "oai_dc";
    public string? SetSpec { get; set; }
    /// <summary>Hours between runs; 0 harvests only when an administrator asks.</summary>
    public int IntervalHours { get; set; } = 24;
    public bool Enabled { get; set; } = true;
    /// <summary>The newest datestamp harvested, as the source wrote it: the next run's "from".</summary>
    public string? LastDatestamp { get; set; }
    public DateTimeOffset? NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    /// <summary>The worker claims a source with a lease, so two nodes never harvest it at once.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One harvest run of a source: what it did and, when it stopped early, why.</summary>
public sealed class HarvestRun
{
    public long Id { get; set; }
    public long SourceId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Pages { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Deleted { get; set; }
    public int Unchanged { get; set; }
    public int Skipped { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
}

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
