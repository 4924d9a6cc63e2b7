using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// What asks a member to act, for the home page: date polls awaiting their answer, open
/// questionnaires they have not answered, reports open for their review, and the next meetings
/// with their registration (null when they have not said whether they come).
/// </summary>
public sealed record HomeNeeds(
    IReadOnlyList<DatePoll> Polls,
    IReadOnlyList<Meeting> Questionnaires,
    IReadOnlyList<(Meeting Meeting, DateTimeOffset? ReviewClosesAt)> Reports,
    IReadOnlyList<(Meeting Meeting, Registration? Registration)> Registrations)
{
    public static HomeNeeds None { get; } = new([], [], [], []);

    public bool IsEmpty => Polls.Count == 0 && Questionnaires.Count == 0 && Reports.Count == 0 && Registrations.Count == 0;
}
