namespace ResearchHub.Meetings.Domain;

public enum RegistrationResponse
{
    Yes = 0,
    Maybe = 1,
    No = 2,
}
