using MimeKit;

namespace ResearchHub.Core.Email;

/// <summary>
/// Something that acts on mail arriving in the hub's mailbox (a module's group addresses, Core's
/// delivery-status reports). Handlers are asked in <see cref="Order"/>; the first that returns an
/// outcome has handled the message. A handler writes through the scope's HubDbContext inside the
/// transaction the reader opened (which also records the message), and must not commit it.
/// </summary>
public interface IInboundMailHandler
{
    int Order { get; }

    /// <summary>What became of the message, or null when it is not this handler's.</summary>
    Task<string?> HandleAsync(MimeMessage message, CancellationToken ct);
}
