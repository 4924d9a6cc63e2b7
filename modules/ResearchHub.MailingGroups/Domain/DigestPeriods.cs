using System.Globalization;

namespace ResearchHub.MailingGroups.Domain;

/// <summary>A digest period: [Start, End) in UTC, with its Mailman-style volume and issue.</summary>
public sealed record DigestPeriod(DateTimeOffset Start, DateTimeOffset End, int Volume, int Issue);

/// <summary>
/// Calendar periods in the site's time zone: days, ISO weeks (Monday to Monday) and months. A
/// period is due once its end has passed and the local clock reads the send hour on that day.
/// The issue is the period's place in its year (day of year, ISO week, month), so every node
/// derives the same number without a counter to race over.
/// </summary>
public static class DigestPeriods
{
    public static bool IsDigest(DeliveryMode mode) => mode is DeliveryMode.Daily or DeliveryMode.Weekly or DeliveryMode.Monthly;

    /// <summary>The latest period of <paramref name="mode"/> that is due at <paramref name="now"/>.</summary>
    public static DigestPeriod LastDue(DeliveryMode mode, DateTimeOffset now, TimeZoneInfo zone, int sendHour)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var end = Boundary(mode, DateOnly.FromDateTime(local));
        if (local < end.ToDateTime(new TimeOnly(Math.Clamp(sendHour, 0, 23), 0)))
        {
            end = Previous(mode, end);
        }

        return Make(mode, Previous(mode, end), end, zone);
    }

    /// <summary>The period running at <paramref name="now"/> (what a preview shows as "next").</summary>
    public static DigestPeriod Current(DeliveryMode mode, DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = Boundary(mode, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime));
        return Make(mode, start, Next(mode, start), zone);
    }

    /// <summary>The latest period boundary on or before <paramref name="day"/>.</summary>
    private static DateOnly Boundary(DeliveryMode mode, DateOnly day) => mode switch
    {
        DeliveryMode.Daily => day,
        DeliveryMode.Weekly => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        DeliveryMode.Monthly => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a digest mode."),
    };

    private static DateOnly Previous(DeliveryMode mode, DateOnly boundary) => mode switch
    {
        DeliveryMode.Daily => boundary.AddDays(-1),
        DeliveryMode.Weekly => boundary.AddDays(-7),
        _ => boundary.AddMonths(-1),
    };

    private static DateOnly Next(DeliveryMode mode, DateOnly boundary) => mode switch
    {
        DeliveryMode.Daily => boundary.AddDays(1),
        DeliveryMode.Weekly => boundary.AddDays(7),
        _ => boundary.AddMonths(1),
    };

    private static DigestPeriod Make(DeliveryMode mode, DateOnly start, DateOnly end, TimeZoneInfo zone)
    {
        var issue = mode switch
        {
            DeliveryMode.Daily => start.DayOfYear,
            DeliveryMode.Weekly => ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)),
            _ => start.Month,
        };
        var volume = mode == DeliveryMode.Weekly ? ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue)) : start.Year;
        return new DigestPeriod(ToUtc(start, zone), ToUtc(end, zone), volume, issue);
    }

    private static DateTimeOffset ToUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Describe(DeliveryMode mode) => mode switch
    {
        DeliveryMode.None => "No email (read on the site)",
        DeliveryMode.EachPost => "Each post as it is published",
        DeliveryMode.Daily => "Daily digest",
        DeliveryMode.Weekly => "Weekly digest",
        DeliveryMode.Monthly => "Monthly digest",
        _ => mode.ToString(),
    };
}
