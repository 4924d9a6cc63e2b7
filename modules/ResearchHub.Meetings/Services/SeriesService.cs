using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>Where a series stands: its last and next meetings, when the next is due, and whether that is covered.</summary>
public sealed record SeriesStatus(
    MeetingSeries Series,
    Meeting? Last,
    Meeting? Next,
    DateTimeOffset Due,
    bool Warning,
    string Message);

public sealed partial class SeriesService(HubDbContext db, TimeProvider clock)
{
    public Task<List<MeetingSeries>> ListAsync(CancellationToken ct) =>
        db.Set<MeetingSeries>().AsNoTracking().OrderBy(s => s.Title).ToListAsync(ct);

    public Task<MeetingSeries?> FindAsync(string slug, CancellationToken ct) =>
        db.Set<MeetingSeries>().AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, ct);

    public async Task<Outcome<MeetingSeries>> CreateAsync(string? title, string? slug, string? description, int cadenceMonths, string? organiserUserId, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200)
        {
            problems.Add(new("Title", "Enter a title of up to 200 characters."));
        }

        var normalised = NormaliseSlug(string.IsNullOrWhiteSpace(slug) ? title ?? "" : slug);
        if (normalised.Length == 0)
        {
            problems.Add(new("Slug", "The address needs at least one letter or digit."));
        }
        else if (await db.Set<MeetingSeries>().AnyAsync(s => s.Slug == normalised, ct))
        {
            problems.Add(new("Slug", "Another series has that address."));
        }

        if (cadenceMonths is < 1 or > 60)
        {
            problems.Add(new("CadenceMonths", "The cadence is between 1 and 60 months (6 is twice a year)."));
        }

        if (problems.Count > 0)
        {
            return Outcome<MeetingSeries>.Fail(problems);
        }

        var series = new MeetingSeries
        {
            Slug = normalised,
            Title = title!.Trim(),
            DescriptionMarkdown = description?.Trim() ?? "",
            CadenceMonths = cadenceMonths,
            OrganiserUserId = organiserUserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Set<MeetingSeries>().Add(series);
        await db.SaveChangesAsync(ct);
        return Outcome<MeetingSeries>.Ok(series);
    }

    /// <summary>
    /// The next meeting is due a cadence after the last one held (or now, if none was); the
    /// dashboard warns when no meeting is scheduled by then.
    /// </summary>
    public async Task<SeriesStatus> StatusAsync(MeetingSeries series, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var meetings = db.Set<Meeting>().AsNoTracking().Where(m => m.SeriesId == series.Id && m.Status != MeetingStatus.Cancelled);
        var last = await meetings.Where(m => m.StartUtc <= now).OrderByDescending(m => m.StartUtc).FirstOrDefaultAsync(ct);
        var next = await meetings.Where(m => m.StartUtc > now).OrderBy(m => m.StartUtc).FirstOrDefaultAsync(ct);
        var due = last is null ? now : last.StartUtc.AddMonths(series.CadenceMonths);
        var warning = next is null || next.StartUtc > due;
        var message = next is null
            ? (due <= now
                ? $"No meeting is scheduled, and one was due by {due:d MMMM yyyy}."
                : $"No meeting is scheduled yet; the next is due by {due:d MMMM yyyy}.")
            : next.StartUtc > due
                ? $"The next meeting ({next.StartUtc:d MMMM yyyy}) is later than the cadence asks ({due:d MMMM yyyy})."
                : $"The next meeting is on {next.StartUtc:d MMMM yyyy}, within the cadence (due by {due:d MMMM yyyy}).";
        return new SeriesStatus(series, last, next, due, warning, message);
    }

    public static string NormaliseSlug(string value)
    {
        var slug = SlugJunk().Replace(value.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugJunk();
}
