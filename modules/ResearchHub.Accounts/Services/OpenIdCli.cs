using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;

namespace ResearchHub.Accounts.Services;

/// <summary>The <c>openid</c> verb: <c>openid rotate-keys [--drop-before INSTANT]</c> adds new provider keys.</summary>
public sealed class OpenIdCli : IHubCommand
{
    public Command Create(IServiceProvider services)
    {
        var dropBefore = new Option<string?>("--drop-before")
        {
            Description = "Also delete keys created before this ISO 8601 instant (tokens they signed or encrypted stop working).",
        };
        var rotate = new Command("rotate-keys", "Add a new signing and encryption key to the OpenID Connect provider; each node uses them from its next start.") { dropBefore };
        rotate.SetAction(async (parse, ct) =>
        {
            DateTimeOffset? before = null;
            if (parse.GetValue(dropBefore) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"--drop-before: \"{text}\" is not an ISO 8601 instant.");
                    return 2;
                }

                before = parsed;
            }

            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var dropped = await scope.ServiceProvider.GetRequiredService<OpenIdKeyRing>()
                .RotateAsync(scope.ServiceProvider.GetRequiredService<HubDbContext>(), before, ct);
            Console.WriteLine($"New OpenID Connect keys added ({dropped} old ones deleted). Restart every node to sign with them.");
            return 0;
        });
        return new Command("openid", "The OpenID Connect provider.") { rotate };
    }
}
