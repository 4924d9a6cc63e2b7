using System.Net.Mail;

namespace ResearchHub.Core.Email;

/// <summary>
/// Writes each message as an .eml file into the pickup folder (App_Data/mail by default), where an
/// administrator can open it: the first-run transport, which needs no mail server.
/// </summary>
public sealed class PickupFolderTransport(string folder) : IEmailTransport
{
    public string Folder { get; } = folder;

    public async Task<DeliveryReceipt> SendAsync(OutgoingEmail message, CancellationToken ct)
    {
        // SmtpClient names pickup files with a fresh GUID; write into a private staging folder and
        // move the one file to a name that says which outbox row it is.
        var staging = Path.Combine(Folder, ".staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var client = new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = staging,
            })
            using (var mail = MailMessageFactory.Create(message))
            {
                await client.SendMailAsync(mail, ct);
            }

            var written = Directory.GetFiles(staging, "*.eml").Single();
            var name = $"{message.Date:yyyyMMdd-HHmmss}-{message.OutboxId}.eml";
            File.Move(written, Path.Combine(Folder, name), overwrite: true);
            return new DeliveryReceipt(name);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
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
