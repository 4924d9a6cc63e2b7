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

public sealed class QuestionnaireQuestion
{
    public long Id { get; set; }
    public long QuestionnaireId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
}

/// <summary>
/// An anonymous response. It has no author, no time and a random id, so nothing in the row (nor
/// its id's order) ties it to <see cref="QuestionnaireRespondent"/>, which only records that a member
/// has answered (one response each).
/// </summary>
public sealed class QuestionnaireResponse
{
    public Guid Id { get; set; }
    public long QuestionnaireId { get; set; }
    public List<QuestionnaireAnswer> Answers { get; set; } = [];
}

public sealed class QuestionnaireAnswer
{
    public Guid Id { get; set; }
    public Guid ResponseId { get; set; }
    public long QuestionId { get; set; }
    public required string Text { get; set; }
    /// <summary>The theme an organiser filed the answer under, for the agenda.</summary>
    public string? Theme { get; set; }
}

/// <summary>"This member has answered": the key is the pair, with no time and no link to the answers.</summary>
public sealed class QuestionnaireRespondent
{
    public long QuestionnaireId { get; set; }
    public required string UserId { get; set; }
}

/// <summary>One version of a meeting's minutes (summary of conversations); the newest is current.</summary>
public sealed class MinutesRevision
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int Number { get; set; }
    public required string BodyMarkdown { get; set; }
    public string? Note { get; set; }
    public string? AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum LogEntryKind
{
    /// <summary>Something someone will do, with a due date.</summary>
    Action = 0,
    /// <summary>An issue in the learning log (seed 004), with its level, owner and countermeasures.</summary>
    Learning = 1,
    /// <summary>A reflection or question the group raised.</summary>
    Reflection = 2,
}

public enum LearningLevel
{
    Individual = 0,
    System = 1,
    Macro = 2,
}

public enum LearningOwner
{
    Team = 0,
    Leadership = 1,
    Government = 2,
}

public enum LogEntryStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>
/// An action or learning-log entry raised at a meeting. Open entries are carried to the series'
/// next meeting until they are closed.
/// </summary>
public sealed class LogEntry
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long? SeriesId { get; set; }
    public LogEntryKind Kind { get; set; }
    public required string Issue { get; set; }
    public LearningLevel? Level { get; set; }
    public LearningOwner? Owner { get; set; }
    public LogEntryStatus Status { get; set; }
    /// <summary>What we do now.</summary>
    public string? Countermeasure { get; set; }
    /// <summary>The new normal the system should adopt.</summary>
    public string? SystemChange { get; set; }
    public DateOnly? DueOn { get; set; }
    public int Order { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public enum ReportStatus
{
    Draft = 0,
    InReview = 1,
    Published = 2,
}

/// <summary>The post-meeting report: participants review and comment within a window, then it is published.</summary>
public sealed class MeetingReport
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string BodyMarkdown { get; set; }
    public ReportStatus Status { get; set; }
    public DateTimeOffset? ReviewClosesAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ReportComment
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    public required string UserId { get; set; }
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A member's personal calendar feed: the URL carries a secret, stored here as its SHA-256.</summary>
public sealed class CalendarFeed
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A lease on one of the module's background jobs, so only one node runs it at a time.</summary>
public sealed class MeetingJobLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
}
