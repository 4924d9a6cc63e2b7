namespace ResearchHub.Meetings.Domain;

/// <summary>
/// A member's answer to a meeting. Access and dietary needs are for organisers only. Only
/// <see cref="RegistrationResponse.Yes"/> with <see cref="RegistrationStatus.Confirmed"/> takes a place.
/// </summary>
public sealed class Registration
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string UserId { get; set; }
    public RegistrationResponse Response { get; set; }
    public RegistrationStatus Status { get; set; }
    public string? AccessNeeds { get; set; }
    public string? DietaryNeeds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the member asked for a place: the waiting list's order.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    public bool TakesPlace => Response == RegistrationResponse.Yes && Status == RegistrationStatus.Confirmed;

    /// <summary>Gets the meeting's mail (updates, reminders): anyone who has not declined or cancelled.</summary>
    public bool Attending => Status != RegistrationStatus.NotAttending && Response != RegistrationResponse.No;
}
