namespace ResearchHub.Codebooks.Domain;

public sealed class CodeSetMember
{
    public long CodeSetId { get; set; }
    public long CodeId { get; set; }
    public Code? Code { get; set; }
}
