namespace ResearchHub.Library.Domain;

public sealed class ResourceQuestion
{
    public long ResourceId { get; set; }
    public long QuestionId { get; set; }
    public EvaluationQuestion? Question { get; set; }
}
