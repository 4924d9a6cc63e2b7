namespace ResearchHub.Codebooks.Domain;

public enum ExcerptVisibility
{
    Organisation = 1,
    Network = 2,
}
