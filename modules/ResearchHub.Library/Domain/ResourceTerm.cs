namespace ResearchHub.Library.Domain;

public sealed class ResourceTerm
{
    public long ResourceId { get; set; }
    public long TermId { get; set; }
    public VocabularyTerm? Term { get; set; }
}
