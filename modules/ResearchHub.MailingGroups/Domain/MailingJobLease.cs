namespace ResearchHub.MailingGroups.Domain;

/// <summary>A named lease so only one node composes digests at a time (the outbox's claim pattern).</summary>
public sealed class MailingJobLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
}
