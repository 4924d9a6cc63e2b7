namespace ResearchHub.Meetings.Domain;

/// <summary>A lease on one of the module's background jobs, so only one node runs it at a time.</summary>
public sealed class MeetingJobLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
}
