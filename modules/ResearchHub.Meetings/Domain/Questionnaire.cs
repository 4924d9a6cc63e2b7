namespace ResearchHub.Meetings.Domain;

/// <summary>A short pre-meeting questionnaire whose answers shape the agenda (seed 000).</summary>
public sealed class Questionnaire
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public string IntroMarkdown { get; set; } = "";
    public bool IsOpen { get; set; } = true;

    /// <summary>When answers stop being taken (null: while <see cref="IsOpen"/>, until an organiser closes it).</summary>
    public DateTimeOffset? ClosesAt { get; set; }

    public List<QuestionnaireQuestion> Questions { get; set; } = [];

    /// <summary>Open and not past its closing time.</summary>
    public bool IsOpenAt(DateTimeOffset now) => IsOpen && (ClosesAt is null || now < ClosesAt);
}
