using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Turns each address of the <see cref="PasswordResetQueue"/> into a reset mail in the outbox when
/// it is a member's. A member locked out by failed sign-ins gets the link (the lock message sends
/// them here, and a reset lifts the lock); one locked by an administrator does not.
/// </summary>
public sealed class PasswordResetWorker(
    PasswordResetQueue queue,
    IServiceScopeFactory scopes,
    ILogger<PasswordResetWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var email in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(email, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "A password reset request could not be handled");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task SendAsync(string email, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<HubUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.IsLockedByAdministrator)
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = services.GetRequiredService<PublicUrls>()
            .Absolute($"{AccountsUrls.ResetPassword}?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}");
        var network = await services.GetRequiredService<SiteSettingsService>().NetworkNameAsync(ct);
        services.GetRequiredService<MailOutbox>().Enqueue("password-reset", AccountEmails.PasswordReset(network, user.Email!, link));
        await services.GetRequiredService<HubDbContext>().SaveChangesAsync(ct);
    }
}
