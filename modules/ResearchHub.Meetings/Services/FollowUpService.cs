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
public sealed class FollowUpService(HubDbContext db, MeetingSearchSource search, MeetingHistory history, MeetingMail mail, TimeProvider clock)
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
        var problems = ValidateLogEntry(input);
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
            Issue = "",
            Order = order,
            CreatedAt = clock.GetUtcNow(),
        };
        ApplyLogEntry(entry, input);
        db.Set<LogEntry>().Add(entry);
        history.Add(meetingId, $"Added to the log: {DescribeLogEntry(entry)}.");
        await db.SaveChangesAsync(ct);
        return Outcome<LogEntry>.Ok(entry);
    }

    public async Task<Outcome<LogEntry>> UpdateLogEntryAsync(long meetingId, long entryId, LogEntryInput input, CancellationToken ct)
    {
        var entry = await db.Set<LogEntry>().FirstOrDefaultAsync(e => e.MeetingId == meetingId && e.Id == entryId, ct);
        if (entry is null)
        {
            return Outcome<LogEntry>.Fail(new Problem("", "That log entry does not exist (it may have been removed)."));
        }

        var problems = ValidateLogEntry(input);
        if (problems.Count > 0)
        {
            return Outcome<LogEntry>.Fail(problems);
        }

        var before = DescribeLogEntry(entry);
        ApplyLogEntry(entry, input);
        var after = DescribeLogEntry(entry);
        history.Add(meetingId, before == after ? $"Edited the log entry {after}." : $"Changed the log entry {before} to {after}.");
        await db.SaveChangesAsync(ct);
        return Outcome<LogEntry>.Ok(entry);
    }

    public async Task<bool> RemoveLogEntryAsync(long meetingId, long entryId, CancellationToken ct)
    {
        var entry = await db.Set<LogEntry>().FirstOrDefaultAsync(e => e.MeetingId == meetingId && e.Id == entryId, ct);
        if (entry is null)
        {
            return false;
        }

        db.Set<LogEntry>().Remove(entry);
        history.Add(meetingId, $"Removed from the log: {DescribeLogEntry(entry)}.");
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> SetLogStatusAsync(long meetingId, long entryId, LogEntryStatus status, CancellationToken ct)
    {
        var entry = await db.Set<LogEntry>().FirstOrDefaultAsync(e => e.MeetingId == meetingId && e.Id == entryId, ct);
        if (entry is null || !Enum.IsDefined(status))
        {
            return false;
        }

        if (entry.Status != status)
        {
            entry.Status = status;
            entry.ClosedAt = status == LogEntryStatus.Closed ? clock.GetUtcNow() : null;
            history.Add(meetingId, $"{(status == LogEntryStatus.Closed ? "Closed" : "Reopened")} the log entry {DescribeLogEntry(entry)}.");
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    private static List<Problem> ValidateLogEntry(LogEntryInput input)
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

        if (!Enum.IsDefined(input.Kind) || (input.Level is { } level && !Enum.IsDefined(level)) || (input.Owner is { } owner && !Enum.IsDefined(owner)))
        {
            problems.Add(new("Kind", "Choose the kind, level and owner from their lists."));
        }

        return problems;
    }

    private static void ApplyLogEntry(LogEntry entry, LogEntryInput input)
    {
        entry.Kind = input.Kind;
        entry.Issue = input.Issue!.Trim();
        entry.Level = input.Level;
        entry.Owner = input.Owner;
        entry.Countermeasure = string.IsNullOrWhiteSpace(input.Countermeasure) ? null : input.Countermeasure.Trim();
        entry.SystemChange = string.IsNullOrWhiteSpace(input.SystemChange) ? null : input.SystemChange.Trim();
        entry.DueOn = input.DueOn;
    }

    private static string DescribeLogEntry(LogEntry entry) =>
        $"“{entry.Issue}” ({entry.Kind}{(entry.DueOn is { } due ? $", due {due:d MMMM yyyy}" : "")})";

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
        var opensReview = false;
        if (reviewDays is { } days)
        {
            opensReview = true;
            report.Status = ReportStatus.InReview;
            report.ReviewClosesAt = now.AddDays(days);
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        await db.SaveChangesAsync(ct);
        // Participants are asked to review, in the same transaction as the report's new state.
        if (opensReview && await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct) is { } meeting)
        {
            await mail.ReportInReviewAsync(meeting, report, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
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
