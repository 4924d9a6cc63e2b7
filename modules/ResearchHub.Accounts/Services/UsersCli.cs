using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;

namespace ResearchHub.Accounts.Services;

/// <summary>The <c>users</c> verb: <c>users create-admin EMAIL [--password P]</c>, the first administrator of a new hub.</summary>
public sealed class UsersCli : IHubCommand
{
    public Command Create(IServiceProvider services)
    {
        var email = new Argument<string>("EMAIL") { Description = "The administrator's email address." };
        var password = new Option<string?>("--password") { Description = "The password; one is generated and printed when omitted." };
        var createAdmin = new Command("create-admin", "Create an administrator (or make an existing member one).") { email, password };
        createAdmin.SetAction(async (parse, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<AdminBootstrapService>()
                .CreateAdministratorAsync(parse.GetValue(email)!, parse.GetValue(password), ct);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"Administrator not created: {result.Error}");
                return 1;
            }

            Console.WriteLine(result.GeneratedPassword is null
                ? $"{result.Email} is an administrator."
                : $"{result.Email} is an administrator. Password (shown once): {result.GeneratedPassword}");
            return 0;
        });
        return new Command("users", "Members.") { createAdmin };
    }
}
