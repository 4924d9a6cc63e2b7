namespace ResearchHub.Federation.Domain;

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
