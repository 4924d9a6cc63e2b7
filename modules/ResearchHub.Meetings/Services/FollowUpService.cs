using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

public sealed record LogEntryInput(
    LogEntryKind Kind,
    string? Issue,
    LearningLevel? Level,
    LearningOwner? Owner,
    string? Countermeasure,
    string? SystemChange,
    DateOnly? DueOn);

/// <summary>After the meeting: minutes with revisions, actions and the learning log, the reviewed report.</summary>
public sealed class FollowUpService(HubDbContext db, MeetingSearchSource search, TimeProvider clock)
{
    public const int MaxMarkdown = 100_000;

    public Task<List<MinutesRevision>> RevisionsAsync(long meetingId, CancellationToken ct) =>
        db.Set<MinutesRevision>().AsNoTracking().Where(r => r.MeetingId == meetingId).OrderByDescending(r => r.Number).ToListAsync(ct);

    /// <summary>Saves a new revision; <paramref name="baseNumber"/> is the revision the editor started from, so a concurrent edit is not overwritten.</summary>
    public async Task<Outcome<MinutesRevision>> SaveMinutesAsync(long meetingId, string? body, string? note, int baseNumber, string? authorUserId, string authorName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxMarkdown)
        {
            return Outcome<MinutesRevision>.Fail(new Problem("Body", "Write the minutes (up to 100,000 characters)."));
        }

        var latest = await db.Set<MinutesRevision>().Where(r => r.MeetingId == meetingId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        if (latest != baseNumber)
        {
            return Outcome<MinutesRevision>.Fail(new Problem("Body",
                $"Someone saved revision {latest} while you were editing revision {baseNumber}: copy your text, reload the page and apply your changes again."));
        }

        var revision = new MinutesRevision
        {
            MeetingId = meetingId,
            Number = latest + 1,
            BodyMarkdown = body.Trim(),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 300)],
            AuthorUserId = authorUserId,
            AuthorName = authorName,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Set<MinutesRevision>().Add(revision);
        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Outcome<MinutesRevision>.Fail(new Problem("Body", "Someone saved the minutes at the same moment: reload the page and apply your changes again."));
        }

        await search.IndexAsync(meetingId, ct); // the minutes are searched with their meeting, in the same transaction
        await transaction.CommitAsync(ct);
        return Outcome<MinutesRevision>.Ok(revision);
    }

    public async Task<Outcome<LogEntry>> AddLogEntryAsync(long meetingId, LogEntryInput input, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(input.Issue) || input.Issue.Trim().Length > 1000)
        {
            problems.Add(new("Issue", "Describe the issue or action (up to 1,000 characters)."));
        }

        if (input.Countermeasure?.Length > 2000 || input.SystemChange?.Length > 2000)
        {
            problems.Add(new("Countermeasure", "Countermeasure and system change can be up to 2,000 characters each."));
        }

        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null)
        {
            problems.Add(new("", "That meeting does not exist."));
        }

        if (problems.Count > 0)
        {
            return Outcome<LogEntry>.Fail(problems);
        }

        var order = await db.Set<LogEntry>().CountAsync(e => e.MeetingId == meetingId, ct);
        var entry = new LogEntry
        {
            MeetingId = meetingId,
            SeriesId = meeting!.SeriesId,
            Kind = input.Kind,
            Issue = input.Issue!.Trim(),
            Level = input.Level,
            Owner = input.Owner,
            Countermeasure = string.IsNullOrWhiteSpace(input.Countermeasure) ? null : input.Countermeasure.Trim(),
            SystemChange = string.IsNullOrWhiteSpace(input.SystemChange) ? null : input.SystemChange.Trim(),
            DueOn = input.DueOn,
            Order = order,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Set<LogEntry>().Add(entry);
        await db.SaveChangesAsync(ct);
        return Outcome<LogEntry>.Ok(entry);
    }

    public async Task<bool> SetLogStatusAsync(long entryId, LogEntryStatus status, CancellationToken ct)
    {
        DateTimeOffset? closedAt = status == LogEntryStatus.Closed ? clock.GetUtcNow() : null;
        return await db.Set<LogEntry>().Where(e => e.Id == entryId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, status).SetProperty(e => e.ClosedAt, closedAt), ct) > 0;
    }

    public Task<List<LogEntry>> LogForMeetingAsync(long meetingId, CancellationToken ct) =>
        db.Set<LogEntry>().AsNoTracking().Where(e => e.MeetingId == meetingId).OrderBy(e => e.Kind).ThenBy(e => e.Order).ToListAsync(ct);

    /// <summary>Open entries raised at the series' earlier meetings: carried over to this one.</summary>
    public async Task<List<LogEntry>> CarriedOverAsync(Meeting meeting, CancellationToken ct)
    {
        if (meeting.SeriesId is null)
        {
            return [];
        }

        var earlier = db.Set<Meeting>().Where(m => m.SeriesId == meeting.SeriesId && m.StartUtc < meeting.StartUtc).Select(m => m.Id);
        return await db.Set<LogEntry>().AsNoTracking()
            .Where(e => e.Status == LogEntryStatus.Open && e.Kind != LogEntryKind.Reflection && earlier.Contains(e.MeetingId))
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id)
            .ToListAsync(ct);
    }

    public Task<MeetingReport?> ReportAsync(long meetingId, CancellationToken ct) =>
        db.Set<MeetingReport>().AsNoTracking().FirstOrDefaultAsync(r => r.MeetingId == meetingId, ct);

    public Task<List<ReportComment>> CommentsAsync(long reportId, CancellationToken ct) =>
        db.Set<ReportComment>().AsNoTracking().Where(c => c.ReportId == reportId).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);

    /// <summary>Writes the draft; opening the review (with a closing date) lets participants comment.</summary>
    public async Task<Outcome<MeetingReport>> SaveReportAsync(long meetingId, string? body, int? reviewDays, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxMarkdown)
        {
            return Outcome<MeetingReport>.Fail(new Problem("Body", "Write the report (up to 100,000 characters)."));
        }

        if (reviewDays is < 1 or > 60)
        {
            return Outcome<MeetingReport>.Fail(new Problem("ReviewDays", "The review window lasts between 1 and 60 days."));
        }

        var report = await db.Set<MeetingReport>().FirstOrDefaultAsync(r => r.MeetingId == meetingId, ct);
        if (report?.Status == ReportStatus.Published)
        {
            return Outcome<MeetingReport>.Fail(new Problem("Body", "The report has been published and can no longer change."));
        }

        var now = clock.GetUtcNow();
        if (report is null)
        {
            report = new MeetingReport { MeetingId = meetingId, BodyMarkdown = "" };
            db.Set<MeetingReport>().Add(report);
        }

        report.BodyMarkdown = body.Trim();
        report.UpdatedAt = now;
        if (reviewDays is { } days)
        {
            report.Status = ReportStatus.InReview;
            report.ReviewClosesAt = now.AddDays(days);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<MeetingReport>.Ok(report);
    }

    public async Task<Outcome<ReportComment>> CommentAsync(long meetingId, string userId, string authorName, string? text, CancellationToken ct)
    {
        var report = await db.Set<MeetingReport>().AsNoTracking().FirstOrDefaultAsync(r => r.MeetingId == meetingId, ct);
        var now = clock.GetUtcNow();
        if (report is null || report.Status != ReportStatus.InReview || report.ReviewClosesAt <= now)
        {
            return Outcome<ReportComment>.Fail(new Problem("Text", "The report is not open for review."));
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            return Outcome<ReportComment>.Fail(new Problem("Text", "Write your comment (up to 4,000 characters)."));
        }

        var comment = new ReportComment { ReportId = report.Id, UserId = userId, AuthorName = authorName, Text = text.Trim(), CreatedAt = now };
        db.Set<ReportComment>().Add(comment);
        await db.SaveChangesAsync(ct);
        return Outcome<ReportComment>.Ok(comment);
    }

    /// <summary>Publishes the report once its review window has closed: participants had their say first.</summary>
    public async Task<Outcome<MeetingReport>> PublishAsync(long meetingId, CancellationToken ct)
    {
        var report = await db.Set<MeetingReport>().FirstOrDefaultAsync(r => r.MeetingId == meetingId, ct);
        var now = clock.GetUtcNow();
        if (report is null || report.Status == ReportStatus.Draft)
        {
            return Outcome<MeetingReport>.Fail(new Problem("", "Open the report for review before publishing it."));
        }

        if (report.Status == ReportStatus.Published)
        {
            return Outcome<MeetingReport>.Fail(new Problem("", "The report is already published."));
        }

        if (report.ReviewClosesAt > now)
        {
            return Outcome<MeetingReport>.Fail(new Problem("", $"The review window is open until {report.ReviewClosesAt:d MMMM yyyy HH:mm} UTC: publish after it closes."));
        }

        report.Status = ReportStatus.Published;
        report.PublishedAt = now;
        await db.SaveChangesAsync(ct);
        return Outcome<MeetingReport>.Ok(report);
    }
}
