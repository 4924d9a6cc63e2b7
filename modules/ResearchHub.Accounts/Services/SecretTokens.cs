using System.Security.Cryptography;
using System.Text;

namespace ResearchHub.Accounts.Services;

/// <summary>Random single-purpose secrets (invitation links, API tokens) and the hash we store instead.</summary>
public static class SecretTokens
{
    public static string New(string prefix = "") =>
        prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
