namespace ResearchHub.Library.Domain;

/// <summary>One of the network's evaluation questions, the rows of the evidence map.</summary>
public sealed class EvaluationQuestion
{
    public long Id { get; set; }
    /// <summary>Stable natural key ("research-practice-gap") for recipes and links.</summary>
    public required string Key { get; set; }
    public required string Text { get; set; }
    public string? Description { get; set; }
    public int Order { get; set; }
}
