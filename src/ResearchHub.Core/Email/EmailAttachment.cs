namespace ResearchHub.Core.Email;

/// <summary>
/// A small attachment stored in the outbox row itself (so it is sent exactly as it was when the
/// cause committed). <paramref name="ContentType"/> may carry parameters, e.g. "text/calendar; method=REQUEST".
/// </summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content)
{
    /// <summary>Outbox rows are not a file store: larger files belong in the library and are linked.</summary>
    public const int MaxBytes = 1024 * 1024;
}
