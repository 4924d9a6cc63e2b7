namespace ResearchHub.Codebooks.Domain;

public enum CodebookStatus
{
    Draft = 0,
    Published = 1,
}
