namespace ResearchHub.Meetings.Domain;

public enum MeetingVisibility
{
    /// <summary>Anyone, signed in or not.</summary>
    Public = 0,
    /// <summary>Signed-in members of the network.</summary>
    Network = 1,
}
