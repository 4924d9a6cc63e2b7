namespace ResearchHub.Accounts.Domain;

public enum InvitationStatus
{
    Open,
    Accepted,
    Revoked,
    Expired,
}
