namespace ResearchHub.Codebooks.Domain;

/// <summary>An anonymised excerpt of a story with the codes a partner applied to it.</summary>
public sealed class CodedExcerpt
{
    public long Id { get; set; }
    public long CodebookId { get; set; }
    public Codebook? Codebook { get; set; }
    /// <summary>The partner whose story it is: organisation-only excerpts are seen by its members only.</summary>
    public long OrganisationId { get; set; }
    /// <summary>The partner's own excerpt id (unique within the codebook and organisation), so a CSV can be imported again.</summary>
    public required string ExternalId { get; set; }
    public required string Text { get; set; }
    public ExcerptVisibility Visibility { get; set; }
    /// <summary>When the story was coded (the counts' time axis).</summary>
    public DateOnly CodedOn { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ExcerptCode> Codes { get; set; } = [];
}
