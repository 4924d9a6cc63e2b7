using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Services;

public sealed record InvitationCheck(Invitation? Invitation, string? Problem)
{
    public bool IsValid => Invitation is not null && Problem is null;
}

public sealed record InvitationResult(bool Succeeded, IReadOnlyList<string> Errors, Invitation? Invitation = null, HubUser? User = null)
{
    public static InvitationResult Fail(params string[] errors) => new(false, errors);
}

/// <summary>Invitations: sending (with the email in the same transaction), checking and accepting.</summary>
public sealed class InvitationService(
    HubDbContext db,
    UserManager<HubUser> users,
    MailOutbox outbox,
    AuditLog audit,
    SiteSettingsService settings,
    PublicUrls urls,
    TimeProvider clock)
{
    public const string AcceptPath = AccountsUrls.AcceptInvitation;

    public async Task<InvitationResult> InviteAsync(string email, string role, long? organisationId, string? invitedById, CancellationToken ct)
    {
        email = email.Trim();
        var errors = new List<string>();
        if (!IsValidEmail(email))
        {
            errors.Add("Enter a valid email address, like name@example.org.");
        }

        if (!HubRoles.All.Contains(role))
        {
            errors.Add("Choose one of the roles offered.");
        }

        Organisation? organisation = null;
        if (organisationId is not null)
        {
            organisation = await db.Set<Organisation>().FindAsync([organisationId], ct);
            if (organisation is null)
            {
                errors.Add("The organisation chosen no longer exists.");
            }
        }

        if (errors.Count == 0 && await users.FindByEmailAsync(email) is not null)
        {
            errors.Add($"{email} is already a member.");
        }

        if (errors.Count > 0)
        {
            return new InvitationResult(false, errors);
        }

        var token = SecretTokens.New();
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Email = email,
            Role = role,
            OrganisationId = organisation?.Id,
            TokenHash = SecretTokens.Hash(token),
            InvitedById = invitedById,
            CreatedAt = now,
            ExpiresAt = now + Invitation.Lifetime,
        };
        db.Set<Invitation>().Add(invitation);
        var link = urls.Absolute($"{AcceptPath}?token={Uri.EscapeDataString(token)}");
        outbox.Enqueue("invitation", AccountEmails.Invitation(
            await settings.NetworkNameAsync(ct), email, role, organisation?.Name, link, invitation.ExpiresAt));
        audit.Add(AuditActions.InvitationSent, email, $"role {role}{(organisation is null ? "" : $", organisation {organisation.Name}")}");
        await db.SaveChangesAsync(ct); // invitation, its email and the audit entry commit together
        return new InvitationResult(true, [], invitation);
    }

    /// <summary>Finds the invitation a token belongs to and says why it cannot be used, if it cannot.</summary>
    public async Task<InvitationCheck> CheckAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return new InvitationCheck(null, "This invitation link is incomplete or not one we sent. Check that you copied the whole link from the email.");
        }

        var hash = SecretTokens.Hash(token);
        var invitation = await db.Set<Invitation>().Include(i => i.Organisation).FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return new InvitationCheck(null, "This invitation link is not one we sent. Check that you copied the whole link from the email.");
        }

        return invitation.StatusAt(clock.GetUtcNow()) switch
        {
            InvitationStatus.Accepted => new InvitationCheck(invitation, "This invitation has already been used. Sign in with the password you chose, or reset it if you have forgotten it."),
            InvitationStatus.Revoked => new InvitationCheck(invitation, "This invitation has been withdrawn. Ask the person who invited you for a new one."),
            InvitationStatus.Expired => new InvitationCheck(invitation, "This invitation has expired: invitations last 7 days. Ask the person who invited you for a new one."),
            _ => new InvitationCheck(invitation, null),
        };
    }

    /// <summary>
    /// Accepts the invitation: creates the member with the preset role and organisation, in one
    /// transaction with marking the invitation used (a second accept of the same token finds it used).
    /// </summary>
    public async Task<InvitationResult> AcceptAsync(string token, string displayName, string password, CancellationToken ct)
    {
        var check = await CheckAsync(token, ct);
        if (!check.IsValid)
        {
            return InvitationResult.Fail(check.Problem!);
        }

        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 200)
        {
            return InvitationResult.Fail("Enter your name as you would like members to see it (up to 200 characters).");
        }

        var invitation = check.Invitation!;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, ct);
            var now = clock.GetUtcNow();

            // Claim the invitation first: only one request can turn AcceptedAt from null.
            var claimed = await db.Set<Invitation>()
                .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                return InvitationResult.Fail("This invitation has already been used.");
            }

            var user = new HubUser
            {
                UserName = invitation.Email,
                Email = invitation.Email,
                EmailConfirmed = true, // they proved it by following the link
                DisplayName = displayName.Trim(),
                OrganisationId = invitation.OrganisationId,
                CreatedAt = now,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new InvitationResult(false, created.Errors.Select(e => e.Description).ToList());
            }

            var roled = await users.AddToRoleAsync(user, invitation.Role);
            if (!roled.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new InvitationResult(false, roled.Errors.Select(e => e.Description).ToList());
            }

            await db.Set<Invitation>().Where(i => i.Id == invitation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedUserId, user.Id), ct);
            audit.Add(AuditActions.InvitationAccepted, invitation.Email, $"role {invitation.Role}", user.Id, user.Email);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new InvitationResult(true, [], invitation, user);
        });
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken ct)
    {
        var invitation = await db.Set<Invitation>().FindAsync([id], ct);
        if (invitation is null || invitation.StatusAt(clock.GetUtcNow()) != InvitationStatus.Open)
        {
            return false;
        }

        invitation.RevokedAt = clock.GetUtcNow();
        audit.Add(AuditActions.InvitationRevoked, invitation.Email);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static bool IsValidEmail(string email)
    {
        if (email.Length is 0 or > 254 || email.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            var address = new MailAddress(email);
            return address.Address == email && address.Host.Contains('.', StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
