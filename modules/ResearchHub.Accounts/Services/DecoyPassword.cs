using Microsoft.AspNetCore.Identity;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// A hash of a random password, made once per process with the site's own hasher, to verify
/// against when there is no real hash to check (an unknown address, a locked account), so those
/// answers take as long as a wrong password does.
/// </summary>
public sealed class DecoyPassword
{
    private readonly Lock _gate = new();
    private string? _hash;

    public void Verify(IPasswordHasher<HubUser> hasher, string password)
    {
        string hash;
        lock (_gate)
        {
            hash = _hash ??= hasher.HashPassword(new HubUser(), SecretTokens.New());
        }

        _ = hasher.VerifyHashedPassword(new HubUser(), hash, password);
    }
}
