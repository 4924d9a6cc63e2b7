namespace ResearchHub.Accounts.Domain;

/// <summary>One sensitive action: who did what, to what, when and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string? ActorEmail { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
