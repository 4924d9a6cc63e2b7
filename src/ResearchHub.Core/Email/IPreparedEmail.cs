namespace ResearchHub.Core.Email;

/// <summary>A message handed over all but its last step; commit it before preparing the next.</summary>
public interface IPreparedEmail
{
    /// <summary>
    /// Delivers the message. <paramref name="recorded"/> is the previous message's outcome being
    /// written: the transport does everything that cannot deliver this message while it runs (for
    /// SMTP the envelope and the whole content) and waits for it right before the one step that
    /// delivers (the closing dot, the file's move into the folder). So at most one message is ever
    /// delivered and not yet recorded. If <paramref name="recorded"/> fails, its error is thrown
    /// and this message is not delivered.
    /// </summary>
    Task<DeliveryReceipt> CommitAsync(Task recorded, CancellationToken ct);
}
