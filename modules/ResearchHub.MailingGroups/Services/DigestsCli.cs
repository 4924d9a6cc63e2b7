using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The <c>digests</c> verb: <c>digests send-due [--now INSTANT]</c> composes every due digest and
/// delivers the outbox (<see cref="DigestCommand"/>). The host replaces its clock from <c>--now</c>
/// before it is built (<see cref="ShiftedTimeProvider"/>); the option is declared here so that it is
/// documented and a malformed instant is reported.
/// </summary>
public sealed class DigestsCli : IHubCommand
{
    public Command Create(IServiceProvider services)
    {
        var now = new Option<string?>("--now")
        {
            Description = "Run as if the time were this ISO 8601 instant (e.g. 2026-12-01T08:00:00Z); the clock moves on from there. "
                + "For catching up a missed run or rehearsing a period; the digests and outbox rows it writes carry that time.",
        };
        var sendDue = new Command("send-due", "Compose every due mailing-group digest and deliver the outbox, with a progress line.") { now };
        sendDue.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(now) is { } value)
            {
                try
                {
                    Console.WriteLine($"Clock set to {ShiftedTimeProvider.Parse(value):u}.");
                }
                catch (FormatException ex)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return 2;
                }
            }

            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            return await scope.ServiceProvider.GetRequiredService<DigestCommand>().SendDueAsync(new Progress<string>(Console.WriteLine), ct);
        });
        return new Command("digests", "Mailing-group digests.") { sendDue };
    }
}
