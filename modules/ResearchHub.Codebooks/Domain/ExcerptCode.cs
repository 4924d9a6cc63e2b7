namespace ResearchHub.Codebooks.Domain;

public sealed class ExcerptCode
{
    public long ExcerptId { get; set; }
    public Guid CodeGuid { get; set; }
}
