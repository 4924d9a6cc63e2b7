using System.Security.Cryptography;

namespace ResearchHub.Core.Email;

/// <summary>
/// The DNS TXT record receivers look up to check the hub's DKIM signatures (RFC 6376 3.6.1):
/// published at <see cref="Name"/> with <see cref="Value"/>, derived from the configured private key.
/// </summary>
public sealed record DkimRecord(string Name, string Value)
{
    /// <summary>The record for the configured key; null when DKIM is not configured. Throws when the key file cannot be read as an RSA key.</summary>
    public static DkimRecord? For(DkimSettings dkim)
    {
        if (string.IsNullOrWhiteSpace(dkim.Domain) || string.IsNullOrWhiteSpace(dkim.Selector) || string.IsNullOrWhiteSpace(dkim.KeyFile))
        {
            return null;
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(dkim.KeyFile));
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        return new DkimRecord($"{dkim.Selector}._domainkey.{dkim.Domain}", $"v=DKIM1; k=rsa; p={publicKey}");
    }
}
