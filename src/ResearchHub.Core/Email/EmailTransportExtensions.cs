namespace ResearchHub.Core.Email;

public static class EmailTransportExtensions
{
    /// <summary>One message in a session of its own.</summary>
    public static async Task<DeliveryReceipt> SendAsync(this IEmailTransport transport, OutgoingEmail message, CancellationToken ct)
    {
        await using var session = transport.OpenSession();
        return await session.SendAsync(message, ct);
    }

    /// <summary>Prepares and commits one message.</summary>
    public static async Task<DeliveryReceipt> SendAsync(this IEmailSession session, OutgoingEmail message, CancellationToken ct)
    {
        var prepared = await session.PrepareAsync(message, ct);
        return await prepared.CommitAsync(Task.CompletedTask, ct);
    }
}
