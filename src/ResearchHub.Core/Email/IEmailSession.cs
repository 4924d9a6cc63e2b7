namespace ResearchHub.Core.Email;

/// <summary>
/// Sends messages one after another (not concurrently), each in two steps: <see cref="PrepareAsync"/>
/// does everything that cannot deliver the message (for SMTP: the envelope and the content, all
/// but the final dot), <see cref="IPreparedEmail.CommitAsync"/> the rest, holding back the one step
/// that delivers until the previous message's outcome is recorded. A sender can so record the
/// previous message's outcome while the next is prepared and sent, and still have at most one
/// message delivered but not yet recorded. Both steps throw <see cref="EmailDeliveryException"/>
/// (permanent or not) or <see cref="FormatException"/> for a message that cannot be written; the
/// session stays usable after either.
/// </summary>
public interface IEmailSession : IAsyncDisposable
{
    Task<IPreparedEmail> PrepareAsync(OutgoingEmail message, CancellationToken ct);
}
