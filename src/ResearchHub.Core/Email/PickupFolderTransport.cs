namespace ResearchHub.Core.Email;

/// <summary>
/// Writes each message as an .eml file into the pickup folder (App_Data/mail by default), where an
/// administrator can open it: the first-run transport, which needs no mail server. The file holds
/// exactly the bytes MailKit would send to a relay (<see cref="MessageComposer"/>, with its format).
/// </summary>
public sealed class PickupFolderTransport(string folder, MessageComposer composer) : IEmailTransport, IEmailSession
{
    public string Folder { get; } = folder;

    public IEmailSession OpenSession() => this;

    /// <summary>Writes the message under a temporary name; committing moves it into place, so a reader never sees half a message.</summary>
    public async Task<IPreparedEmail> PrepareAsync(OutgoingEmail message, CancellationToken ct)
    {
        var bytes = composer.Write(message);
        var temp = Path.Combine(Folder, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, ct);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new Prepared(this, temp, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{message.OutboxId}.eml");
    }

    /// <summary>One message on its own (the pickup transport has no session to keep).</summary>
    public Task<DeliveryReceipt> SendAsync(OutgoingEmail message, CancellationToken ct) =>
        EmailTransportExtensions.SendAsync((IEmailSession)this, message, ct);

    /// <summary>Nothing is held open.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Prepared(PickupFolderTransport transport, string temp, string name) : IPreparedEmail
    {
        public async Task<DeliveryReceipt> CommitAsync(Task recorded, CancellationToken ct)
        {
            try
            {
                await recorded;
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            File.Move(temp, Path.Combine(transport.Folder, name), overwrite: true);
            return new DeliveryReceipt(name);
        }
    }

    /// <summary>Opens a file this transport wrote, refusing any name that would leave the folder.</summary>
    public string? ResolveFile(string name)
    {
        if (name != Path.GetFileName(name) || !name.EndsWith(".eml", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? path : null;
    }
}
