namespace ResearchHub.Accounts.Domain;

public enum OrganisationKind
{
    ResearchPartner = 0,
    LacSite = 1,
    NetworkBody = 2,
    Funder = 3,
}
