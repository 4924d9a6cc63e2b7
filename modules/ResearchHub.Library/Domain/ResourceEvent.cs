namespace ResearchHub.Library.Domain;

/// <summary>One thing that happened to a resource: who did what, when.</summary>
public sealed class ResourceEvent
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public string? Detail { get; set; }
}
