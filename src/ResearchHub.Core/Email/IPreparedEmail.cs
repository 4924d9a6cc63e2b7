namespace ResearchHub.Core.Email;

/// <summary>A message handed over all but its last step; commit it before preparing the next.</summary>
public interface IPreparedEmail
{
    Task<DeliveryReceipt> CommitAsync(CancellationToken ct);
}
