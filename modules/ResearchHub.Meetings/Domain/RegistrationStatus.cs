namespace ResearchHub.Meetings.Domain;

public enum RegistrationStatus
{
    /// <summary>Has a place (or said maybe, which takes no place).</summary>
    Confirmed = 0,
    /// <summary>Wanted a place when the meeting was full; moves up in order of <see cref="Registration.QueuedAt"/>.</summary>
    Waitlisted = 1,
    /// <summary>Declined, or cancelled a registration.</summary>
    NotAttending = 2,
}
