using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace ResearchHub.Federation.Services;

/// <summary>
/// Where a list request stands: its arguments, the cut-off taken at the first page (so records
/// added or changed later never shift the pages), and the keyset position (datestamp, id) of the
/// last record sent. Protected (signed and encrypted) so a harvester cannot forge positions.
/// </summary>
public sealed record OaiListState(
    string Prefix,
    string? Set,
    long? FromTicks,
    long CutoffTicks,
    long? LastTicks,
    long LastId,
    int Cursor,
    int CompleteListSize,
    long ExpiresTicks);

public sealed class OaiTokenCodec(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ResearchHub.Federation.OaiResumptionToken.v1");

    public string Encode(OaiListState state) => _protector.Protect(JsonSerializer.Serialize(state));

    public OaiListState? Decode(string token)
    {
        if (token.Length is 0 or > 4000)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<OaiListState>(_protector.Unprotect(token));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
