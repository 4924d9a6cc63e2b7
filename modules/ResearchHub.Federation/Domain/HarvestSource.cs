namespace ResearchHub.Federation.Domain;

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
