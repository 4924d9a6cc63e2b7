using System.Globalization;
using System.Text.RegularExpressions;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Recipes;

/// <summary>
/// Times in meeting recipes: a local date and time ("2018-02-15T10:00") or a day relative to the
/// day the recipe is applied ("+60d 10:00", "-120d 14:30"), so demo content stays current; both
/// are wall-clock times in the meeting's zone.
/// </summary>
internal static partial class RecipeTimes
{
    public static DateTimeOffset Local(string text, TimeZoneInfo zone, DateTimeOffset now, string where, string property)
    {
        DateTime local;
        if (Relative().Match(text.Trim()) is { Success: true } relative)
        {
            var today = MeetingTime.ToLocal(now, zone).Date;
            local = today.AddDays(int.Parse(relative.Groups["days"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
                .AddHours(int.Parse(relative.Groups["hour"].Value, CultureInfo.InvariantCulture))
                .AddMinutes(int.Parse(relative.Groups["minute"].Value, CultureInfo.InvariantCulture));
        }
        else if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            throw new RecipeException($"{where}: \"{property}\" is a local date and time like 2018-02-15T10:00, or days from the day the recipe is applied and a time like +60d 10:00.");
        }

        return MeetingTime.ToUtc(local, zone, out var error) ?? throw new RecipeException($"{where}: {error}");
    }

    /// <summary>A date ("2018-10-31") or days from the day the recipe is applied in the zone ("+30d").</summary>
    public static DateOnly Date(string text, TimeZoneInfo zone, DateTimeOffset now, string where, string property)
    {
        if (RelativeDay().Match(text.Trim()) is { Success: true } relative)
        {
            return DateOnly.FromDateTime(MeetingTime.ToLocal(now, zone).Date)
                .AddDays(int.Parse(relative.Groups["days"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RecipeException($"{where}: \"{property}\" is a date like 2018-10-31, or days from the day the recipe is applied like +30d.");
    }

    [GeneratedRegex(@"^(?<days>[+-]\d{1,5})d$", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeDay();

    [GeneratedRegex(@"^(?<days>[+-]\d{1,5})d\s+(?<hour>[01]?\d|2[0-3]):(?<minute>[0-5]\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();
}
