namespace ResearchHub.Meetings.Domain;

public enum AgendaItemKind
{
    Talk = 0,
    Workshop = 1,
    Discussion = 2,
    Break = 3,
}
