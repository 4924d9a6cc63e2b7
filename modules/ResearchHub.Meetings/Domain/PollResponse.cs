namespace ResearchHub.Meetings.Domain;

/// <summary>One member's answer to a poll: a choice per slot and a comment.</summary>
public sealed class PollResponse
{
    public long Id { get; set; }
    public long PollId { get; set; }
    public required string UserId { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<PollAnswer> Answers { get; set; } = [];
}
