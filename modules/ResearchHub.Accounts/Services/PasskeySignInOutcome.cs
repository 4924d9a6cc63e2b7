using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Services;

/// <summary>The end of a passkey sign-in: signed in as <see cref="Member"/>, or refused for the <see cref="Problem"/> shown to the visitor.</summary>
public sealed record PasskeySignInOutcome(bool Succeeded, string? Problem, HubUser? Member);
