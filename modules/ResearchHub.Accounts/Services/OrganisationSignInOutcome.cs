namespace ResearchHub.Accounts.Services;

/// <summary>How a sign-in through an organisation's provider ended: signed in, on to the second step, or refused with a reason to show.</summary>
public sealed record OrganisationSignInOutcome(bool SignedIn, bool RequiresTwoFactor, string? Problem);
