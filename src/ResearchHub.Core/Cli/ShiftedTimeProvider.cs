using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchHub.Core.Cli;

/// <summary>
/// The clock of a verb run with <c>--now INSTANT</c> (<c>digests send-due</c>): it reads INSTANT when the process starts and
/// moves on in real time from there (timers, delays and stopwatches stay the system's). It lets an
/// operator or a test run a period's digests as they would run at that instant, through the real
/// composing and sending path.
/// </summary>
public sealed partial class ShiftedTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly TimeSpan _offset = now - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>The instant after a verb's <c>--now</c>, or null (no option: the system clock). Verbs that do not declare the option refuse it.</summary>
    public static DateTimeOffset? FromArgs(string[] args)
    {

        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i] == "--now" && i + 1 < args.Length ? args[i + 1]
                : args[i].StartsWith("--now=", StringComparison.Ordinal) ? args[i]["--now=".Length..]
                : null;
            if (value is not null)
            {
                return Parse(value);
            }
        }

        return null;
    }

    /// <summary>ISO 8601 with Z or an offset (a time without one is refused: the verb does not guess a zone).</summary>
    public static DateTimeOffset Parse(string value) =>
        ZoneSuffix().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : throw new FormatException($"--now: \"{value}\" is not an ISO 8601 instant with a zone, such as 2026-12-01T08:00:00Z.");

    [GeneratedRegex(@"T.*(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ZoneSuffix();
}
