using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Passkeys (WebAuthn) on ASP.NET Core Identity's own support: the ceremonies' options, adding,
/// listing, removing, and signing in. Whatever a browser (or anyone) posts, a bad credential is an
/// answer with a reason, never an exception: Identity throws when no ceremony is under way (its
/// state rides in the two-step cookie and is spent by the first attempt, so a replay has none).
/// </summary>
public sealed class PasskeyService(SignInManager<HubUser> signIn, UserManager<HubUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>More than any real credential's JSON (a credential id is at most 1023 bytes); longer is refused unread.</summary>
    public const int MaxCredentialJsonLength = 32_768;

    public const int MaxNameLength = 100;

    public const string StartAgain = "That passkey request has expired or was already used. Try again.";

    public const string NotAccepted = "That passkey was not accepted. Try again, or sign in with your email address and password.";

    /// <summary>The options for <c>navigator.credentials.create()</c>; the ceremony's state goes in a cookie.</summary>
    public Task<string> CreationOptionsAsync(HubUser user) =>
        signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.Email ?? user.UserName ?? user.Id,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName,
        });

    /// <summary>The options for <c>navigator.credentials.get()</c>, for any member (discoverable passkeys: no address first).</summary>
    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>Checks a new credential against the ceremony under way and stores it; null when added, else the reason.</summary>
    public async Task<string?> AddAsync(HubUser user, string? credentialJson, string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return "Give the passkey a name, like the device it is on";
        }

        if (name.Length > MaxNameLength)
        {
            return $"The name is at most {MaxNameLength} characters";
        }

        if (!LooksLikeJson(credentialJson))
        {
            return "Your browser sent no passkey. Passkeys need JavaScript and a browser or device that supports them.";
        }

        PasskeyAttestationResult result;
        try
        {
            result = await signIn.PerformPasskeyAttestationAsync(credentialJson!);
        }
        catch (InvalidOperationException)
        {
            return StartAgain;
        }

        if (!result.Succeeded)
        {
            return "That passkey could not be checked, so it was not added. Try again.";
        }

        // The ceremony was started for this member (its state names them), and a credential belongs to one member only.
        if (result.UserEntity.Id != user.Id)
        {
            return StartAgain;
        }

        var owner = await users.FindByPasskeyIdAsync(result.Passkey.CredentialId);
        if (owner is not null)
        {
            return owner.Id == user.Id ? "That passkey is already in your list." : "That passkey was not added. Try again with another passkey.";
        }

        result.Passkey.Name = name;
        var stored = await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        if (!stored.Succeeded)
        {
            return "That passkey could not be saved. Try again.";
        }

        await audit.WriteAsync(AuditActions.PasskeyAdded, user.Email, name, user.Id, user.Email, ct);
        return null;
    }

    /// <summary>The member's passkeys, newest first.</summary>
    public async Task<IReadOnlyList<UserPasskeyInfo>> ListAsync(HubUser user) =>
        [.. (await users.GetPasskeysAsync(user)).OrderByDescending(p => p.CreatedAt)];

    /// <summary>Removes one of the member's passkeys by its id (base64url); false when the member has no such passkey.</summary>
    public async Task<bool> RemoveAsync(HubUser user, string? id, CancellationToken ct)
    {
        if (DecodeId(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return false;
        }

        var removed = await users.RemovePasskeyAsync(user, credentialId);
        if (removed.Succeeded)
        {
            await audit.WriteAsync(AuditActions.PasskeyRemoved, user.Email, passkey.Name, user.Id, user.Email, ct);
        }

        return removed.Succeeded;
    }

    /// <summary>
    /// Signs in with a passkey under the password sign-in's rules: a locked account is refused, each
    /// attempt is audited, the session starts as any sign-in's does (the cookie's SigningIn event),
    /// and two-step sign-in is satisfied, a user-verified passkey being two factors itself. This is
    /// SignInManager.PasskeySignInAsync's sequence, written out so the member is known for the audit
    /// and the signature counter is checked (an assertion whose counter did not move is a copy).
    /// </summary>
    public async Task<PasskeySignInOutcome> SignInAsync(string? credentialJson, bool rememberMe, CancellationToken ct)
    {
        if (!LooksLikeJson(credentialJson))
        {
            return new(false, "Your browser sent no passkey. Passkeys need JavaScript and a browser or device that supports them.", null);
        }

        PasskeyAssertionResult<HubUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson!);
        }
        catch (InvalidOperationException)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, null, "passkey: no sign-in under way (expired or replayed)", ct: ct);
            return new(false, StartAgain, null);
        }

        if (!assertion.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, null, $"passkey not accepted: {assertion.Failure.Message}", ct: ct);
            return new(false, NotAccepted, null);
        }

        var user = assertion.User;
        if (await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            await audit.WriteAsync(AuditActions.SignInFailed, user.Email, "passkey: account locked", user.Id, user.Email, ct);
            return new(false, "This account is locked. Try again later, or reset your password.", null);
        }

        var stored = await users.GetPasskeyAsync(user, assertion.Passkey.CredentialId);
        if (stored is null || ((stored.SignCount != 0 || assertion.Passkey.SignCount != 0) && assertion.Passkey.SignCount <= stored.SignCount))
        {
            await audit.WriteAsync(AuditActions.SignInFailed, user.Email, "passkey: signature counter did not increase (a cloned or replayed credential)", user.Id, user.Email, ct);
            return new(false, NotAccepted, null);
        }

        var updated = await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        if (!updated.Succeeded)
        {
            return new(false, NotAccepted, null);
        }

        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, rememberMe, authenticationMethod: "passkey");
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        await audit.WriteAsync(AuditActions.SignIn, user.Email, $"with a passkey ({stored.Name})", user.Id, user.Email, ct);
        return new(true, null, user);
    }

    /// <summary>A passkey's id as it goes in a form (base64url).</summary>
    public static string EncodeId(byte[] credentialId) => WebEncoders.Base64UrlEncode(credentialId);

    private static byte[]? DecodeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 2048)
        {
            return null;
        }

        try
        {
            return WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A JSON object of a plausible size: anything else is refused before Identity reads it.</summary>
    private static bool LooksLikeJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxCredentialJsonLength)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
