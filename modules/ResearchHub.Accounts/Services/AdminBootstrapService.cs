using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;

namespace ResearchHub.Accounts.Services;

public sealed record AdminResult(bool Succeeded, string Email, string? GeneratedPassword, string? Error);

/// <summary>Creates the roles and the first administrator.</summary>
public sealed class AdminBootstrapService(
    UserManager<HubUser> users,
    RoleManager<IdentityRole> roles,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in HubRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    public async Task<bool> AnyAdministratorAsync() =>
        (await users.GetUsersInRoleAsync(HubRoles.Administrator)).Count > 0;

    /// <summary>Creates the administrator, or makes an existing member one. Generates a password when none is given.</summary>
    public async Task<AdminResult> CreateAdministratorAsync(string email, string? password, CancellationToken ct)
    {
        email = email.Trim();
        if (!InvitationService.IsValidEmail(email))
        {
            return new AdminResult(false, email, null, $"'{email}' is not a valid email address.");
        }

        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        string? generated = null;
        if (user is null)
        {
            generated = string.IsNullOrEmpty(password) ? GeneratePassword() : null;
            user = new HubUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = "Administrator",
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, password is { Length: > 0 } ? password : generated!);
            if (!created.Succeeded)
            {
                return new AdminResult(false, email, null, string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }

        if (!await users.IsInRoleAsync(user, HubRoles.Administrator))
        {
            await users.AddToRoleAsync(user, HubRoles.Administrator);
        }

        await audit.WriteAsync(AuditActions.AdministratorCreated, email, "from the command line or first run", actorId: user.Id, actorEmail: email, ct: ct);
        return new AdminResult(true, email, generated, null);
    }

    /// <summary>A generated password: 24 random characters.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "-_!@#%+=";
        const string all = lower + upper + digits + symbols;
        var chars = new char[24];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

/// <summary>Before the first-run recipe: the four roles exist.</summary>
internal sealed class RolesStartupTask : IStartupTask
{
    public int Order => -10;

    public Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AdminBootstrapService>().EnsureRolesAsync();
}

/// <summary>
/// After the first-run recipe: when there is no administrator yet, create one from "Hub:Admin:Email"
/// and "Hub:Admin:Password", or with a generated password printed once to the console.
/// </summary>
internal sealed class FirstAdministratorStartupTask(IConfiguration configuration, ILogger<FirstAdministratorStartupTask> logger) : IStartupTask
{
    public int Order => 100;

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var bootstrap = services.GetRequiredService<AdminBootstrapService>();
        if (await bootstrap.AnyAdministratorAsync())
        {
            return;
        }

        var email = configuration["Hub:Admin:Email"] is { Length: > 0 } configured ? configured : "admin@example.org";
        var result = await bootstrap.CreateAdministratorAsync(email, configuration["Hub:Admin:Password"], ct);
        if (!result.Succeeded)
        {
            logger.LogError("Could not create the first administrator {Email}: {Error}", email, result.Error);
            return;
        }

        if (result.GeneratedPassword is not null)
        {
            // Printed once, on the console only (not in the log): it is never shown again.
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine($" Administrator created: {result.Email}");
            Console.WriteLine($" Password (shown once): {result.GeneratedPassword}");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }
        else
        {
            logger.LogInformation("Administrator {Email} created with the configured password", result.Email);
        }
    }
}
