using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// A WebAuthn authenticator in software for the in-process tests: one discoverable ES256 credential,
/// "none" attestation, the user-present and user-verified flags, a signature counter that rises with
/// each use. It answers the options JSON the site hands to navigator.credentials and writes the
/// credential JSON a browser would post (the browser test uses Chromium's own virtual authenticator).
/// </summary>
internal sealed class SoftAuthenticator : IDisposable
{
    public const string Origin = "http://localhost";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    public string Id => WebEncoders.Base64UrlEncode(CredentialId);

    /// <summary>The member's handle from the creation options, returned with each assertion.</summary>
    public string? UserHandle { get; set; }

    public uint SignCount { get; set; }

    /// <summary>The credential JSON for navigator.credentials.create() with these options.</summary>
    public string Create(string creationOptionsJson, string origin = Origin)
    {
        var options = JsonNode.Parse(creationOptionsJson)!;
        var rpId = (string)options["rp"]!["id"]!;
        UserHandle = (string)options["user"]!["id"]!;
        var clientData = ClientData("webauthn.create", (string)options["challenge"]!, origin);

        var parameters = _key.ExportParameters(includePrivateParameters: false);
        var coseKey = Concat(
            [0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20], parameters.Q.X!,
            [0x22, 0x58, 0x20], parameters.Q.Y!);
        var credentialIdLength = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(credentialIdLength, (ushort)CredentialId.Length);
        var authData = Concat(AuthDataHead(rpId, 0x45, SignCount), new byte[16], credentialIdLength, CredentialId, coseKey);
        var attestationObject = Concat(
            [0xA3, 0x63], "fmt"u8.ToArray(), [0x64], "none"u8.ToArray(),
            [0x67], "attStmt"u8.ToArray(), [0xA0],
            [0x68], "authData"u8.ToArray(), [0x58, (byte)authData.Length], authData);

        return JsonSerializer.Serialize(new
        {
            id = Id,
            rawId = Id,
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                attestationObject = WebEncoders.Base64UrlEncode(attestationObject),
                clientDataJSON = WebEncoders.Base64UrlEncode(clientData),
                transports = new[] { "internal" },
            },
        });
    }

    /// <summary>The credential JSON for navigator.credentials.get() with these options (the counter rises first).</summary>
    public string Get(string requestOptionsJson, string origin = Origin)
    {
        var options = JsonNode.Parse(requestOptionsJson)!;
        var rpId = (string)options["rpId"]!;
        var clientData = ClientData("webauthn.get", (string)options["challenge"]!, origin);
        SignCount++;
        var authData = AuthDataHead(rpId, 0x05, SignCount);
        var signature = _key.SignData(Concat(authData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.Serialize(new
        {
            id = Id,
            rawId = Id,
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                authenticatorData = WebEncoders.Base64UrlEncode(authData),
                clientDataJSON = WebEncoders.Base64UrlEncode(clientData),
                signature = WebEncoders.Base64UrlEncode(signature),
                userHandle = UserHandle,
            },
        });
    }

    public void Dispose() => _key.Dispose();

    private static byte[] ClientData(string type, string challenge, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin, crossOrigin = false });

    /// <summary>rpIdHash, flags (0x01 user present, 0x04 user verified, 0x40 attested credential data), counter.</summary>
    private static byte[] AuthDataHead(string rpId, byte flags, uint signCount)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, signCount);
        return Concat(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), [flags], counter);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
