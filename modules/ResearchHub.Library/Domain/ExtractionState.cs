namespace ResearchHub.Library.Domain;

public enum ExtractionState
{
    Pending = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}
