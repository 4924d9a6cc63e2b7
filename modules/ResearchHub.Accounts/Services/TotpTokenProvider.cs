using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// RFC 6238 codes from an authenticator app (30-second steps, six digits, one step of drift either
/// way), each usable once: the last step a member used is stored (as an Identity user token) and a
/// code of that step or an earlier one is refused, so a code seen over a shoulder or replayed
/// within its window opens no second session. Identity's own provider accepts a code again.
/// </summary>
public sealed class TotpTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<HubUser>
{
    public const string LoginProvider = "[ResearchHub]";
    public const string LastStepName = "AuthenticatorLastStep";
    private const int Drift = 1;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<HubUser> manager, HubUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The app makes the codes; the site never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<HubUser> manager, HubUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<HubUser> manager, HubUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var secret = Base32Decode(key);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepName), NumberStyles.None, CultureInfo.InvariantCulture, out var stored)
            ? stored
            : long.MinValue;
        for (var step = now - Drift; step <= now + Drift; step++)
        {
            if (step > last && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), Encoding.ASCII.GetBytes(token)))
            {
                // Saved with the member's concurrency stamp: of two requests racing with one code, one fails here.
                var saved = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepName, step.ToString(CultureInfo.InvariantCulture));
                return saved.Succeeded;
            }
        }

        return false;
    }

    /// <summary>The six-digit code of one 30-second step (RFC 6238 with HMAC-SHA1, as authenticator apps use).</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32, as Identity writes authenticator keys (upper case, no padding).</summary>
    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                continue; // spaces and padding
            }

            buffer = ((buffer << 5) | value) & 0xFFFF; // at most 12 bits are pending
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
