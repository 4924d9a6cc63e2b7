namespace ResearchHub.Meetings.Domain;

public sealed class QuestionnaireQuestion
{
    public long Id { get; set; }
    public long QuestionnaireId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
}
