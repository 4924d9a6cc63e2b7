namespace ResearchHub.Meetings.Domain;

public sealed class QuestionnaireAnswer
{
    public Guid Id { get; set; }
    public Guid ResponseId { get; set; }
    public long QuestionId { get; set; }
    public required string Text { get; set; }
    /// <summary>The theme an organiser filed the answer under, for the agenda.</summary>
    public string? Theme { get; set; }
}
