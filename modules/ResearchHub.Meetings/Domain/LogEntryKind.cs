namespace ResearchHub.Meetings.Domain;

public enum LogEntryKind
{
    /// <summary>Something someone will do, with a due date.</summary>
    Action = 0,
    /// <summary>An issue in the learning log (seed 004), with its level, owner and countermeasures.</summary>
    Learning = 1,
    /// <summary>A reflection or question the group raised.</summary>
    Reflection = 2,
}
