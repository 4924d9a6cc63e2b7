using System.Globalization;

namespace ResearchHub.Meetings.Domain;

/// <summary>
/// Time zones by IANA id (TimeZoneInfo reads the system's tz database on Linux) and the conversions
/// between a wall-clock time in a zone and the UTC instant the database stores.
/// </summary>
public static class MeetingTime
{
    private static readonly Lazy<IReadOnlyList<string>> ZoneIds = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
            .Append("UTC")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]);

    /// <summary>The zones offered in selects: the IANA region/city ids, and UTC.</summary>
    public static IReadOnlyList<string> AllZoneIds => ZoneIds.Value;

    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    public static bool IsKnownZone(string? id) => FindZone(id) is not null;

    public static TimeZoneInfo ZoneOrDefault(string? id) => FindZone(id) ?? FindZone(Meeting.DefaultTimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>
    /// The instant a wall-clock time in <paramref name="zone"/> stands for. A time skipped when the
    /// clocks go forward has none (an error for the user); a time repeated when they go back is
    /// read as the first of the two, as people mean when they plan.
    /// </summary>
    public static DateTimeOffset? ToUtc(DateTime local, TimeZoneInfo zone, out string? error)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            error = $"{local:HH:mm} on {local:d MMMM yyyy} does not exist in {zone.Id}: the clocks go forward then.";
            return null;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            // 9999-12-31T20:00 in Honolulu is already the year 10000 in UTC: no date can hold it.
            error = $"{local:HH:mm} on {local:d MMMM yyyy} in {zone.Id} falls outside the years 1 to 9999 in UTC: choose a date between them.";
            return null;
        }

        error = null;
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset ToLocal(DateTimeOffset utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(utc, zone);

    /// <summary>"UTC+01:00" for the zone's offset at that instant.</summary>
    public static string OffsetLabel(DateTimeOffset local) =>
        local.Offset == TimeSpan.Zero ? "UTC" : "UTC" + (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>"Thursday 15 February 2018, 10:00 to 16:00 (Europe/London, UTC)".</summary>
    public static string Describe(DateTimeOffset startUtc, DateTimeOffset endUtc, TimeZoneInfo zone)
    {
        var start = ToLocal(startUtc, zone);
        var end = ToLocal(endUtc, zone);
        var day = start.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        var endText = end.Date == start.Date
            ? end.ToString("HH:mm", CultureInfo.InvariantCulture)
            : end.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        return $"{day}, {start:HH:mm} to {endText} ({zone.Id}, {OffsetLabel(start)})";
    }
}
