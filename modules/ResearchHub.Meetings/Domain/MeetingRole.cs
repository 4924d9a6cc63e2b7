namespace ResearchHub.Meetings.Domain;

public enum MeetingRole
{
    Host = 0,
    Speaker = 1,
}
