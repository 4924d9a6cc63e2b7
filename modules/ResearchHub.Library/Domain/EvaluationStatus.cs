namespace ResearchHub.Library.Domain;

public enum EvaluationStatus
{
    Planned = 0,
    InProgress = 1,
    Interim = 2,
    Final = 3,
}
