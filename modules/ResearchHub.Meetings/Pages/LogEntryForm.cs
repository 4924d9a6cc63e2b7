using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

/// <summary>An action's or learning-log entry's fields (added on the manage page, changed on its edit page).</summary>
public sealed class LogEntryForm
{
    public LogEntryKind Kind { get; set; }
    public string? Issue { get; set; }
    public LearningLevel? Level { get; set; }
    public LearningOwner? Owner { get; set; }
    public string? Countermeasure { get; set; }
    public string? SystemChange { get; set; }
    public DateOnly? DueOn { get; set; }

    public static readonly string[] ErrorOrder =
        ["LogInput.Kind", "LogInput.Issue", "LogInput.Level", "LogInput.Owner", "LogInput.Countermeasure", "LogInput.SystemChange", "LogInput.DueOn"];

    public LogEntryInput ToInput() => new(Kind, Issue, Level, Owner, Countermeasure, SystemChange, DueOn);

    public static LogEntryForm From(LogEntry entry) => new()
    {
        Kind = entry.Kind,
        Issue = entry.Issue,
        Level = entry.Level,
        Owner = entry.Owner,
        Countermeasure = entry.Countermeasure,
        SystemChange = entry.SystemChange,
        DueOn = entry.DueOn,
    };
}
