namespace ResearchHub.Accounts;

/// <summary>The "Hub:Accounts" configuration section: sign-in lockout and session lengths.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Hub:Accounts";

    /// <summary>Failed sign-ins before an account is locked.</summary>
    public int MaxFailedAccessAttempts { get; set; } = 5;

    /// <summary>How long the lock lasts.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A session's absolute lifetime: it ends this long after sign-in, however active.</summary>
    public double SessionDays { get; set; } = 14;

    /// <summary>A session ends after this long without a request.</summary>
    public double IdleHours { get; set; } = 8;
}
