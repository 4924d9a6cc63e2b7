namespace ResearchHub.Core.Email;

public sealed class DkimSettings
{
    /// <summary>The signing domain (d=), normally the From address's domain.</summary>
    public string? Domain { get; set; }
    /// <summary>The selector (s=): the public key is published at {Selector}._domainkey.{Domain}.</summary>
    public string? Selector { get; set; }
    /// <summary>An RSA private key in PEM (PKCS#1 or PKCS#8), e.g. from <c>openssl genrsa 2048</c>.</summary>
    public string? KeyFile { get; set; }
}
