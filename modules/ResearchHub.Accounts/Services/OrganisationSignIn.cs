using Microsoft.AspNetCore.Identity;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// The last step of every sign-in through an organisation's provider, once the provider's subject is
/// linked to a member: Identity's external-login sign-in (lockout and two-step sign-in apply as to a
/// password), the member's last sign-in time and the audit row.
/// </summary>
public sealed class OrganisationSignIn(SignInManager<HubUser> signIn, UserManager<HubUser> users, AuditLog audit, TimeProvider clock)
{
    public async Task<OrganisationSignInOutcome> CompleteAsync(HubUser user, OrganisationConnection connection, string subject, CancellationToken ct)
    {
        var name = connection.Organisation?.Name ?? connection.Issuer;
        var result = await signIn.ExternalLoginSignInAsync(connection.Issuer, subject, isPersistent: false, bypassTwoFactor: false);
        if (result.Succeeded)
        {
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);
            await audit.WriteAsync(AuditActions.SignIn, user.Email, $"with {name} ({connection.Issuer})", user.Id, user.Email, ct);
            return new(true, false, null);
        }

        if (result.RequiresTwoFactor)
        {
            return new(false, true, null);
        }

        var reason = result.IsLockedOut ? "account locked" : "not allowed to sign in";
        await audit.WriteAsync(AuditActions.SignInFailed, user.Email, $"with {name}: {reason}", user.Id, user.Email, ct);
        return new(false, false, result.IsLockedOut
            ? "This account is locked. Try again later, or ask the network's organisers."
            : "This account may not sign in now. Ask the network's organisers.");
    }
}
