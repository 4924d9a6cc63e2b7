namespace ResearchHub.Meetings;

/// <summary>The "Hub:Meetings" configuration section.</summary>
public sealed class MeetingsOptions
{
    public const string Section = "Hub:Meetings";

    /// <summary>Days before a meeting on which registered members are reminded.</summary>
    public int[] ReminderDays { get; set; } = [7, 1];

    /// <summary>How often the reminder job looks for reminders that have come due.</summary>
    public double ReminderPollSeconds { get; set; } = 60;

    /// <summary>The largest slide deck or paper an organiser may attach to a meeting.</summary>
    public long MaxDocumentBytes { get; set; } = 50L * 1024 * 1024;
}
