namespace ResearchHub.Core.Email;

/// <summary>
/// Writes each message as an .eml file into the pickup folder (App_Data/mail by default), where an
/// administrator can open it: the first-run transport, which needs no mail server. The file holds
/// exactly the bytes the SMTP transport would send (<see cref="MimeWriter"/>).
/// </summary>
public sealed class PickupFolderTransport(string folder) : IEmailTransport, IEmailSession
{
    public string Folder { get; } = folder;

    public IEmailSession OpenSession() => this;

    public async Task<DeliveryReceipt> SendAsync(OutgoingEmail message, CancellationToken ct)
    {
        var bytes = MimeWriter.Write(message);
        var name = $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{message.OutboxId}.eml";

        // Written under a temporary name and moved: a reader never sees half a message.
        var temp = Path.Combine(Folder, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, ct);
            File.Move(temp, Path.Combine(Folder, name), overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return new DeliveryReceipt(name);
    }

    /// <summary>Nothing is held open.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

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
