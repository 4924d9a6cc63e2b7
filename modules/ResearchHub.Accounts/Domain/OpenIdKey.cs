namespace ResearchHub.Accounts.Domain;

/// <summary>
/// A key of the hub's OpenID Connect provider, kept in the database like the data-protection keys so
/// every node signs and decrypts with the same ones. The newest key of each use signs or encrypts;
/// older ones stay to validate what they sealed until they are deleted.
/// </summary>
public sealed class OpenIdKey
{
    public const string Signing = "sig";
    public const string Encryption = "enc";

    public long Id { get; set; }

    /// <summary><see cref="Signing"/> or <see cref="Encryption"/>.</summary>
    public required string Use { get; set; }

    /// <summary>The RSA private key (PKCS#8), sealed with the site's data-protection key ring, base64.</summary>
    public required string ProtectedKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
